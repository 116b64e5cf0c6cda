"""The Clause 12 guard the rotation asks before a redistribution for breach (assignment.services.register_guard).

Every path that moves a case for a breach (the web, the API, an admin action, a command, a direct service call)
goes through `application_redistribute`, which refuses unless this says a decision is in force.
"""

from datetime import date

from .models import BreachDecision
from .rules import decision_in_force_q


def breach_decision_in_force(*, application, bailiff_id: int, today: date) -> bool:
    """A decision confirming this bailiff's breach on this case has entered into force by `today`."""
    return BreachDecision.objects.filter(application=application, bailiff_id=bailiff_id).filter(
        decision_in_force_q(on=today)).exists()
