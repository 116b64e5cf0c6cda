"""Signals other apps listen to, so intake need not import them (dependencies point one way)."""

from django.dispatch import Signal

# Sent inside an acceptance's transaction, with `application_id` and `region_id`: assignment queues the
# distribution for its commit (chamber_portal/core/after_commit.py).
application_accepted = Signal()
