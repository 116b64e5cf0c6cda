import pytest
from django.urls import reverse

from assignment.services import application_distribute
from chamber_portal.core.models import Notification
from tests.assignment.conftest import accepted
from tests.factories import BailiffFactory, UserFactory, region

pytestmark = pytest.mark.django_db


def test_a_distribution_notifies_the_bailiff_and_the_lawyer_in_app(client, django_capture_on_commit_callbacks):
    bailiff = BailiffFactory(region=region("KZ-75"))
    application = accepted()
    with django_capture_on_commit_callbacks(execute=True):
        application_distribute(application_id=application.pk)
    assert Notification.objects.get(user=bailiff.user).kind == "case_assigned"
    assert Notification.objects.get(user=application.lawyer).kind == "bailiff_appointed"

    client.force_login(bailiff.user)
    home = client.get("/").content.decode()
    assert 'data-testid="unread-count">1' in home
    page = client.get(reverse("notifications")).content.decode()
    assert application.reference in page
    assert reverse("intake:application_detail", args=[application.pk]) in page
    assert client.get(reverse("intake:application_detail", args=[application.pk])).status_code == 200


def test_marking_as_read_clears_the_bell_and_touches_only_ones_own(client):
    mine, theirs = UserFactory(), UserFactory()
    Notification.objects.create(user=mine, kind="case_assigned", data={"reference": "75-2026-000001"})
    other = Notification.objects.create(user=theirs, kind="case_assigned", data={"reference": "75-2026-000002"})
    client.force_login(mine)
    client.post(reverse("notifications_mark_read"), {"id": [str(other.pk)]})
    other.refresh_from_db()
    assert other.read_at is None
    client.post(reverse("notifications_mark_read"))
    assert not Notification.objects.filter(user=mine, read_at=None).exists()
    assert 'data-testid="unread-count"' not in client.get("/").content.decode()


def test_the_text_speaks_the_readers_language(client):
    user = UserFactory()
    Notification.objects.create(user=user, kind="case_assigned", data={"reference": "75-2026-000003"})
    client.force_login(user)
    assert "75-2026-000003" in client.get(reverse("notifications"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
