"""The bailiff's workspace reads personal data too (issue 13): the holder opening his case page, its enforcement
summary and actions, an action's document; staff reading the same pages. Each is one access-log row, through the
same service as the application's detail (chamber_portal.core.security.access_log.personal_data_read)."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assignment.services import case_action_record
from chamber_portal.core.models import AccessAction, PersonalDataAccess
from tests.factories import pdf_bytes
from tests.review.scope_world import World

pytestmark = pytest.mark.django_db

FROZEN = "2026-06-17 11:00 +05:00"


def _reads(user):
    return list(PersonalDataAccess.objects.filter(user=user).values_list("action", "detail"))


@pytest.fixture
def world():
    with time_machine.travel(FROZEN):
        world = World()
        world.entry = case_action_record(application=world.initiated, by=world.holder.user, kind="account_arrest",
                                         date=world.today, note="Арест счёта",
                                         document=SimpleUploadedFile("arrest.pdf", pdf_bytes(), "application/pdf"))
        yield world


@pytest.mark.parametrize("role", ["bailiff", "staff", "national_staff"])
def test_each_workspace_read_of_the_case_is_recorded(client, world, role):
    user = world.users[role]
    client.force_login(user)
    case, entry = world.case, world.entry
    assert client.get(reverse("intake:application_detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("application-enforcement", args=[case.pk])).status_code == 200
    assert client.get(reverse("application-actions", args=[case.pk])).status_code == 200
    download = client.get(reverse("workspace:action_document", args=[case.pk, entry.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert _reads(user) == [
        (AccessAction.DOCUMENT_DOWNLOAD, f"action {entry.pk}: arrest.pdf"),
        (AccessAction.DETAILS, "actions"),
        (AccessAction.DETAILS, "enforcement"),
        (AccessAction.DETAILS, ""),
    ]
    assert set(PersonalDataAccess.objects.filter(user=user).values_list("application_id", flat=True)) == {case.pk}
    assert set(PersonalDataAccess.objects.filter(user=user).values_list("role", flat=True)) == {user.role}


def test_nothing_is_recorded_for_the_lawyers_own_reads_nor_for_a_refused_one(client, world):
    case = world.case
    client.force_login(world.lawyer)
    assert client.get(reverse("application-enforcement", args=[case.pk])).status_code == 200
    assert client.get(reverse("application-actions", args=[case.pk])).status_code == 200
    client.force_login(world.users["other_bailiff"])
    assert client.get(reverse("application-enforcement", args=[case.pk])).status_code == 404
    assert client.get(reverse("workspace:action_document", args=[case.pk, world.entry.pk])).status_code == 404
    assert not PersonalDataAccess.objects.exists()
