from django.dispatch import Signal

# Sent on commit when a bailiff leaves the rotation for good or for over a month, with `bailiff_id` and
# `reason` (a redistribution reason): assignment moves his or her open cases.
bailiff_left_rotation = Signal()

# Sent on commit when a bailiff (re)joins a region's rotation, with `region_id`: its waiting cases go out.
bailiff_joined_rotation = Signal()
