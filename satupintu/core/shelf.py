"""Reference data kept per process, dropped everywhere when it changes.

Some rows are read on nearly every write and change a few times a year: the working calendar's
corrections, complaint routing rules and clock policies, the categories, a published service's
standard. Reading them again on every request costs a query each (an ORM compile and a round
trip), which on the complaint and submission paths was a fifth of the work.

A `Shelf` keeps what a loader returned, per key, in the memory of the process that read it. It is
stamped with a **version token** in the shared cache (the database table by default, Redis at
scale), as the page cache's pages are (`core.pagecache`): whatever changes the data calls
`changed()` (or the shelf `watch()`es the models: every save and delete does it), which clears
this process's shelf at once and writes a new token when the transaction commits; every other
process reads the token at most every `REFERENCE_CHECK_SECONDS` (2 s) and drops its shelf when
it differs. So a new holiday or routing rule is seen everywhere within that time, and at once in
the process that saved it.

Keep only what is the same for every caller and safe to be up to those seconds old: never
personal data beyond what is published anyway (the public board's pages), never a limit or a lease (those live in the shared cache or the database). What a
loader returns is shared between threads, so return immutable values (tuples, frozen mappings)
or model instances that callers only read.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Hashable
from typing import Any, ClassVar, Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")


class Token:
    """A version value in the shared cache, read by this process at most every `every()` seconds."""

    def __init__(self, key: str, every: Callable[[], float]) -> None:
        self.key = key
        self.every = every
        self.value = ""
        self.checked = 0.0

    def current(self) -> tuple[str, bool]:
        """The version as last read (read again when due), and whether it changed just now."""
        now = time.monotonic()
        if self.checked and now - self.checked < self.every():
            return self.value, False
        value = cache.get(self.key)
        if value is None:
            value = uuid.uuid4().hex
            cache.add(self.key, value, timeout=None)
            value = cache.get(self.key, value)
        changed = str(value) != self.value
        self.value, self.checked = str(value), now
        return self.value, changed

    def renew(self) -> None:
        """Write a new version, so that every process sees the change at its next read."""
        cache.set(self.key, uuid.uuid4().hex, timeout=None)
        self.checked = 0.0


class Shelf(Generic[T]):
    """Values of one kind of reference data, per key, kept in this process (module docstring)."""

    shelves: ClassVar[list[Shelf[Any]]] = []

    def __init__(
        self, name: str, *, max_entries: int = 10_000, max_age: float | None = None
    ) -> None:
        """`max_age` (seconds): a value is read again once this old, and a full shelf makes room
        (for values derived from many rows, where a change might reach no watched save)."""
        self.name = name
        self.max_entries = max_entries
        self.max_age = max_age
        self.token = Token(f"satupintu:shelf:{name}", lambda: settings.REFERENCE_CHECK_SECONDS)
        self.lock = threading.Lock()
        self.values: dict[Hashable, tuple[float, T]] = {}
        Shelf.shelves.append(self)

    def get(self, key: Hashable, load: Callable[[], T]) -> T:
        """The kept value for `key`, else what `load()` returns (then kept)."""
        if self._changed_here():
            return load()  # this transaction's own change shows to it, and is kept once committed
        version, changed = self.token.current()  # the cache read outside the lock
        now = time.monotonic()
        with self.lock:
            if changed:
                self.values.clear()
            kept = self.values.get(key)
            if kept is not None and (self.max_age is None or now - kept[0] < self.max_age):
                return kept[1]
        value = load()
        with self.lock:
            # Kept only if nothing changed while it was read (a change clears and renews).
            if self.token.value == version:
                if len(self.values) >= self.max_entries and self.max_age is not None:
                    self.values = {
                        k: v for k, v in self.values.items() if now - v[0] < self.max_age
                    }
                    if len(self.values) >= self.max_entries:
                        self.values.clear()
                if len(self.values) < self.max_entries:
                    self.values[key] = (now, value)
        return value

    def _changed_here(self) -> bool:
        # A change of this thread's open transaction is visible to its own reads: what they load
        # must not outlive a rollback (on_commit callbacks are dropped then, with no other hook).
        pending = transaction.get_connection().run_on_commit
        return any(
            isinstance(func, _Renewal) and func.shelf is self for _sids, func, _robust in pending
        )

    def clear_local(self) -> None:
        with self.lock:
            self.values.clear()
            self.token.value = ""
            self.token.checked = 0.0

    def changed(self, **_: Any) -> None:
        """The data changed: drop it here now, and everywhere once the change commits. Usable as
        a signal receiver."""
        self.clear_local()
        transaction.on_commit(_Renewal(self))

    def watch(self, *models: type[Any]) -> None:
        """Call `changed()` on every save and delete of these models (from an app's `ready()`)."""
        for model in models:
            uid = f"shelf:{self.name}:{model._meta.label}"
            post_save.connect(self.changed, sender=model, dispatch_uid=f"{uid}:save", weak=False)
            post_delete.connect(
                self.changed, sender=model, dispatch_uid=f"{uid}:delete", weak=False
            )


class _Renewal:
    """What a change leaves to run on commit: a new token for `shelf`, and its values dropped.
    Pending, it also tells `_changed_here` that the open transaction changed the shelf."""

    def __init__(self, shelf: Shelf[Any]) -> None:
        self.shelf = shelf

    def __call__(self) -> None:
        with self.shelf.lock:
            self.shelf.token.renew()
            self.shelf.values.clear()


def clear_all_local() -> None:
    """Forget every shelf's values in this process (tests start each case cold)."""
    for shelf in Shelf.shelves:
        shelf.clear_local()
