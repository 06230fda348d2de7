"""Sign in with an e-mail address or a mobile number, found by its blind index.

Contacts are stored encrypted (accounts.User.email / .phone), so Django's ModelBackend, which
looks for `username`, cannot find them; `username` is an opaque handle nobody types. The
password check, `is_active` and the timing defence against account probing are ModelBackend's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from satupintu.accounts.models import User
from satupintu.accounts.selectors import user_for_contact
from satupintu.core.rows import RowReader

# The account of every signed-in request, read by its id with the SQL compiled once.
_BY_ID: RowReader[User] = RowReader(User, "id")


class ContactBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = user_for_contact(str(username))
        if user is None:
            # Hash anyway, so an unknown contact takes as long as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        """ModelBackend's, without compiling the same SELECT on every request (core.rows)."""
        user = _BY_ID.get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
