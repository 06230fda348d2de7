"""The applicant's name as a blind index, for the officers' inbox search.

Names are personal data. The inbox finds a case by name through `ApplicantNameToken`: one row
per word of the name, each the keyed blind index of `core.crypto` (HMAC-SHA256 under
FIELD_HASH_KEY, the helper the contact indexes of accounts use), namespaced by its own context.
Without the key the rows cannot be matched to a name, not even by trying every name; a plain
hash could. A search matches whole words in any order, ignoring case and accents ("siti",
"AMINAH siti" and "Sití" find Siti Aminah).

The rows follow the name: written when a case is submitted (`index_application`) and rebuilt
for every submitted case of a person whose name changes (`reindex_applicant`, connected to the
user's post_save in apps.py), backfilled by migration 0007.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from satupintu.core.crypto import blind_index

CONTEXT = "applications.ApplicantNameToken.token"
MAX_TOKENS = 8
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(name: str) -> list[str]:
    """The words of a name, case-folded and without accents, in order, each once."""
    text = unicodedata.normalize("NFKD", str(name or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return list(dict.fromkeys(_WORD.findall(text)))[:MAX_TOKENS]


def tokens(name: str) -> list[str]:
    """The blind index of each word of `name`."""
    return [blind_index(word, context=CONTEXT) for word in words(name)]


def _write(application_ids: list[int], name: str, *, replace: bool = True) -> None:
    from satupintu.applications.models import ApplicantNameToken

    wanted = tokens(name)
    if replace:
        ApplicantNameToken.objects.filter(application_id__in=application_ids).delete()
    ApplicantNameToken.objects.bulk_create(
        [
            ApplicantNameToken(application_id=pk, token=token)
            for pk in application_ids
            for token in wanted
        ]
    )


def index_application(application: Any, *, first_submission: bool = False) -> None:
    """(Re)write the name tokens of one submitted case from its applicant's current name.

    At its first submission a case has none to replace: no draft is ever indexed (here, by
    `reindex_applicant`, or by the backfill), so nothing is deleted first."""
    _write([application.pk], application.applicant.full_name, replace=not first_submission)


def reindex_applicant(user: Any) -> None:
    """Rebuild the tokens of every submitted case of `user` when their name no longer matches."""
    from satupintu.applications.models import ApplicantNameToken, Application, Status

    ids = list(
        Application.objects.filter(applicant_id=user.pk)
        .exclude(status=Status.DRAFT)
        .values_list("id", flat=True)
    )
    if not ids:
        return
    wanted = set(tokens(user.full_name))
    stored: dict[int, set[str]] = {pk: set() for pk in ids}
    for pk, token in ApplicantNameToken.objects.filter(application_id__in=ids).values_list(
        "application_id", "token"
    ):
        stored[pk].add(token)
    stale = [pk for pk, have in stored.items() if have != wanted]
    if stale:
        _write(stale, user.full_name)


def on_user_saved(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    """post_save of the user model: a save that may have changed the name rebuilds the tokens."""
    if kwargs.get("raw") or kwargs.get("created"):
        return
    if update_fields is not None and "full_name" not in update_fields:
        return
    reindex_applicant(instance)
