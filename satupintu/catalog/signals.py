"""Signals the catalog sends; apps above it answer without the catalog importing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by `manage.py seed_demo` inside its transaction, after every demo row is written, with
# `services` (the demo services written) and `tally` (seed_demo's counts, which a receiver may
# add a kind of row to).
demo_seeded = Signal()
