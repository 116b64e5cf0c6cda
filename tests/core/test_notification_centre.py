"""The notification centre: every event that concerns a user is an in-app notice and, unless the user turned
its topic off, an e-mail in the user's language."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from chamber_portal.core.models import Notification
from chamber_portal.core.notification_views import SAVED
from complaints.services import complaint_decide, complaint_file
from intake.services import application_return
from tests.factories import ApplicationFactory, AssignedApplicationFactory, BailiffFactory, UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(role="staff", region=region("KZ-75"))


def _decided_complaint(staff, django_capture_on_commit_callbacks):
    BailiffFactory(region=region("KZ-75"), user__email="bailiff@example.kz", user__language="kk")
    BailiffFactory(region=region("KZ-75"))
    application = AssignedApplicationFactory(lawyer=UserFactory(email="lawyer@example.kz", language="en"))
    complaint = complaint_file(application=application, by=application.lawyer, ground="delay", description="Slow")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complaint_decide(complaint=complaint, by=staff, outcome="no_breach", decision_date=timezone.localdate(),
                         document_reference="DC-1")
    return application


def test_a_complaint_decision_reaches_the_lawyer_and_the_bailiff_in_app_and_by_email(
    staff, django_capture_on_commit_callbacks,
):
    application = _decided_complaint(staff, django_capture_on_commit_callbacks)
    kinds = Notification.objects.filter(kind="complaint_decided").values_list("user_id", flat=True)
    assert set(kinds) == {application.lawyer_id, application.assigned_bailiff.user_id}
    by_address = {m.to[0]: m for m in mail.outbox}
    assert application.reference in by_address["lawyer@example.kz"].body
    assert "The complaint on case" in by_address["lawyer@example.kz"].body  # English, the lawyer's language


def test_a_muted_topic_keeps_the_notice_but_sends_no_email(client, staff, django_capture_on_commit_callbacks):
    lawyer = UserFactory(email="lawyer@example.kz", language="en")
    client.force_login(lawyer)
    response = client.post(reverse("notification_preferences"), {"send": ["applications", "cases"]})
    assert response.status_code == 302
    lawyer.refresh_from_db()
    assert lawyer.email_muted == ["complaints", "inspections"]
    assert str(SAVED) in client.get(reverse("notification_preferences"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    BailiffFactory(region=region("KZ-75"))
    BailiffFactory(region=region("KZ-75"))
    application = AssignedApplicationFactory(lawyer=lawyer)
    complaint = complaint_file(application=application, by=lawyer, ground="delay", description="Slow")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complaint_decide(complaint=complaint, by=staff, outcome="no_breach", decision_date=timezone.localdate(),
                         document_reference="DC-1")
    assert Notification.objects.filter(user=lawyer, kind="complaint_decided").exists()
    assert not [m for m in mail.outbox if "lawyer@example.kz" in m.to]


def test_a_returned_application_is_a_notice_and_an_email_unless_muted(staff, django_capture_on_commit_callbacks):
    lawyer = UserFactory(email="lawyer@example.kz", language="ru")
    application = ApplicationFactory(lawyer=lawyer, status="submitted", reference="75-2026-000777",
                                     with_documents=False)
    with django_capture_on_commit_callbacks(execute=True):
        application_return(application=application, by=staff, reason="incomplete", message="No scan")
    assert Notification.objects.get(user=lawyer).kind == "application_returned"
    assert len(mail.outbox) == 1 and "75-2026-000777" in mail.outbox[0].subject

    lawyer.email_muted = ["applications"]
    lawyer.save()
    other = ApplicationFactory(lawyer=lawyer, status="submitted", reference="75-2026-000778", with_documents=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_return(application=other, by=staff, reason="incomplete", message="No scan")
    assert Notification.objects.filter(user=lawyer, kind="application_returned").count() == 2
    assert mail.outbox == []


def test_an_unknown_topic_is_refused_and_nothing_changes(client):
    user = UserFactory(email_muted=["inspections"])
    client.force_login(user)
    response = client.post(reverse("notification_preferences"), {"send": ["gossip"]})
    assert response.status_code == 200 and response.context["form"].errors
    user.refresh_from_db()
    assert user.email_muted == ["inspections"]
