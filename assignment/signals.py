from django.dispatch import Signal

# Sent inside the redistribution's transaction: application, previous_bailiff_id, reason, by, decision (None when
# no bailiff was eligible and the case waits). Complaints settles a held reassignment with it (clause 12).
case_redistributed = Signal()
