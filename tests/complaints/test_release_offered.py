"""The case page offers "appoint another bailiff now" only when the breach decision is in force (Rules No. 652,
clause 12); before that it says what is missing."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from complaints.models import BreachDecision, Reassignment
from complaints.services import complaint_decide, complaint_file
from tests.factories import AssignedApplicationFactory

pytestmark = pytest.mark.django_db


def _held_with_decision(staff, effective_in_days: int):
    application = AssignedApplicationFactory()
    complaint = complaint_file(application=application, by=application.lawyer, ground="inaction",
                               description="No action for a month.", request_new_bailiff=True)
    today = timezone.localdate()
    complaint_decide(complaint=complaint, by=staff, outcome="breach_confirmed", decision_date=today,
                     effective_on=today + timedelta(days=effective_in_days), document_reference="DC-7/2026")
    assert BreachDecision.objects.filter(complaint=complaint).exists()
    return application, Reassignment.objects.get(complaint=complaint)


def test_the_release_is_not_offered_before_the_decision_is_in_force(client, bailiffs, almaty_staff):
    application, held = _held_with_decision(almaty_staff, effective_in_days=10)
    client.force_login(almaty_staff)
    page = client.get(reverse("intake:application_detail", args=[application.pk])).content.decode()
    assert 'data-state="awaiting_force"' in page
    assert reverse("complaints:release", args=[held.pk]) not in page
    assert 'data-testid="release-missing"' in page


def test_the_release_is_offered_once_the_decision_is_in_force(client, bailiffs, almaty_staff):
    application, held = _held_with_decision(almaty_staff, effective_in_days=5)
    with time_machine.travel(timezone.localtime() + timedelta(days=5)):
        # Signed in on that day: five idle days would end a staff session (the idle timeout).
        client.force_login(almaty_staff)
        page = client.get(reverse("intake:application_detail", args=[application.pk])).content.decode()
    assert 'data-state="in_force"' in page
    assert reverse("complaints:release", args=[held.pk]) in page
    assert 'data-testid="release-missing"' not in page
