"""Who may read a ledger entry's fields (who did what to which case), beyond its hash.

Everyone may check that an entry is in a published seal: the public inclusion proof carries
the entry's hash, its position and the Merkle path, nothing else. The fields themselves name
actors, cases and tracking codes, which would let anyone follow a citizen's activity, so they
are shown only to:

- staff (the operator's people) and holders of the `ledger.view_entry` permission (auditors
  from outside an agency, given the permission explicitly);
- the actor of the entry (it records what they did) and the person an entry about an account
  is about;
- whoever the subject's app says may see the subject: `register_subject_reader(subject_type,
  reader)` from that app's `AppConfig.ready()` (applications registers the case's citizen and
  the officers of its agency, for entries about the case, its messages and documents).

Officers and staff count only once they have passed two-factor, as everywhere in the office.
The ledger calls no domain app; domain apps register here (DESIGN.md, dependencies).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings

from satupintu.core.security import is_verified, needs_second_factor
from satupintu.ledger.models import Entry

# (user, subject_id) -> whether the user may see that subject.
SubjectReader = Callable[[Any, str], bool]

_readers: dict[str, SubjectReader] = {}


def register_subject_reader(subject_type: str, reader: SubjectReader) -> None:
    """Let `reader(user, subject_id)` decide who may read entries about `subject_type`
    (a model label in lower case, e.g. "applications.application")."""
    _readers[subject_type] = reader


def unregister_subject_reader(subject_type: str) -> None:
    _readers.pop(subject_type, None)


def _user_label() -> str:
    return str(settings.AUTH_USER_MODEL).lower()


def can_read_entry(user: Any, entry: Entry) -> bool:
    """Whether `user` may read the fields of `entry` (else only its hash and proof)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if needs_second_factor(user) and not is_verified(user):
        return False
    if user.is_staff or user.has_perm("ledger.view_entry"):
        return True
    # The actor label is the user's kind, as `services.record` writes it for a user.
    own_label = str(getattr(user, "kind", "") or "user")[:16]
    if entry.actor_id == user.pk and entry.actor_type == own_label:
        return True
    if entry.subject_type == _user_label() and entry.subject_id == str(user.pk):
        return True
    reader = _readers.get(entry.subject_type)
    return bool(reader is not None and entry.subject_id and reader(user, entry.subject_id))


# reader, case reference (the case's public id) -> {subject_type: [subject ids]} the reader may
# read, or NotFound. Registered by the app that owns cases (applications).
CaseSubjects = Callable[[Any, str], dict[str, list[str]]]

_case_resolvers: list[CaseSubjects] = []


def register_case_subjects(resolver: CaseSubjects) -> None:
    """Let the case app say which ledger subjects make up a case a reader may see."""
    if resolver not in _case_resolvers:
        _case_resolvers.append(resolver)


def case_subjects(user: Any, case_ref: str) -> dict[str, list[str]]:
    """The ledger subjects of the case `case_ref` for `user`; NotFound unless some registered
    resolver finds the case and lets `user` see it (the same rule as the case's own pages)."""
    from django.utils.translation import gettext as _

    from satupintu.core.errors import NotFound, PermissionDenied

    if user is None or not getattr(user, "is_authenticated", False):
        raise NotFound(_("Permohonan tidak ditemukan."))
    for resolver in _case_resolvers:
        try:
            return resolver(user, case_ref)
        except (NotFound, PermissionDenied):
            continue
    raise NotFound(_("Permohonan tidak ditemukan."))
