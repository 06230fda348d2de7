"""Signals other apps listen to, so organizations never imports the apps above it."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after an officer's membership (or the whole officer) is deactivated, inside the same
# transaction. kwargs: user (the officer), agency_id (int), actor (who did it). Receivers return
# that officer's open work in the agency to the pool (applications, complaints).
officer_deactivated = Signal()
