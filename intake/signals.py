"""Signals other apps listen to, so intake need not import them (dependencies point one way)."""

from django.dispatch import Signal

# Sent on commit of an acceptance, with `application_id` and `region_id`: assignment queues the distribution.
application_accepted = Signal()
