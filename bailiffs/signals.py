from django.dispatch import Signal

# Sent inside the change's transaction when a bailiff leaves the rotation for good or for over a month, with
# `bailiff_id` and `reason` (a redistribution reason): assignment queues the move of his or her open cases for the
# commit (chamber_portal/core/after_commit.py).
bailiff_left_rotation = Signal()

# Sent inside the change's transaction when a bailiff (re)joins a region's rotation, with `region_id`: its waiting
# cases go out after the commit.
bailiff_joined_rotation = Signal()
