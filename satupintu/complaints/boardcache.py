"""The public board's pages kept per process (core.shelf), dropped when the board changes.

The board is the same for every reader and is read far more often than it changes: it changes
when a moderator publishes, when a published complaint moves on (an answer, a status, a merge)
or is withdrawn, when a reporter of a public complaint changes or erases their name, and when
an agency, category or region is renamed. Reading it costs two queries and about 10 ms of CPU
(twenty complaints with their answers, masked); a kept page costs neither.

A save of any of those clears this process's board at once and renews the token when the
transaction commits, so every other process drops its copy within REFERENCE_CHECK_SECONDS.
Saves of what is not on the board (a new complaint, an answer to an unpublished one, an
internal note) leave it alone: those are nearly every write. Pages are also read again once
`MAX_AGE` seconds old, a bound for any change that reaches the board without one of those
saves. Only what the board shows is kept: the masked published text, never the sealed fields.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from satupintu.catalog.models import Category
from satupintu.complaints.models import Complaint, Event
from satupintu.core.shelf import Shelf
from satupintu.organizations.models import Agency
from satupintu.regions.models import Region

MAX_AGE = 60.0
# A page is about 20 KB: 500 of them are 10 MB per process at most.
PAGES: Shelf[Any] = Shelf("complaint-board", max_entries=500, max_age=MAX_AGE)


def page(key: Hashable, load: Callable[[], Any]) -> Any:
    """The board page for `key` (filters, limit, language), else `load()` (then kept). Callers
    must not change what it returns: it is shared by every thread of the process."""
    return PAGES.get(key, load)


def _complaint_saved(sender: Any, instance: Complaint, **kwargs: Any) -> None:
    # Published now, or published when read before this change (withdrawn from the board).
    before = getattr(instance, "_as_locked", None) or {}
    if instance.published_at is not None or before.get("published_at") is not None:
        PAGES.changed()


def _event_saved(sender: Any, instance: Event, **kwargs: Any) -> None:
    if instance.on_board and instance.complaint.published_at is not None:
        PAGES.changed()


def _user_saved(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    # Signing in writes last_login only; a name (or an erasure) may show on the board.
    if update_fields is None or "full_name" in update_fields:
        PAGES.changed()


def watch() -> None:
    """From the app's ready()."""
    PAGES.watch(Agency, Category, Region)
    uid = "complaints.boardcache"
    post_save.connect(_complaint_saved, sender=Complaint, dispatch_uid=f"{uid}:complaint")
    post_delete.connect(PAGES.changed, sender=Complaint, dispatch_uid=f"{uid}:complaint-delete")
    post_save.connect(_event_saved, sender=Event, dispatch_uid=f"{uid}:event")
    post_delete.connect(PAGES.changed, sender=Event, dispatch_uid=f"{uid}:event-delete")
    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid=f"{uid}:user")
