"""The personal-data access log (issue 13): every read of an application's details, documents or an export that
contains it, by anyone but its lawyer, is recorded; administrators and national staff read it per application
(API and page) and per user (admin); rows past the retention are purged."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from chamber_portal.core.models import AccessAction, PersonalDataAccess
from chamber_portal.core.tasks import security_logs_purge
from tests.factories import ApplicationFactory, UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    lawyer = UserFactory(role="lawyer", username="asel")
    application = ApplicationFactory(lawyer=lawyer, status="submitted", region=region("KZ-75"),
                                     submitted_at=timezone.now(), original_due=timezone.localdate())
    return {
        "lawyer": lawyer,
        "application": application,
        "regional": UserFactory(role="staff", username="almaty", region=region("KZ-75")),
        "national": UserFactory(role="staff", username="national"),
        "admin": UserFactory(role="admin", username="root", is_staff=True),
        "other_lawyer": UserFactory(role="lawyer", username="dmitry"),
    }


def _as(client, user):
    client.force_login(user)
    return client


def test_the_lawyers_own_reads_are_not_recorded_and_staff_reads_are(client, world):
    application = world["application"]
    _as(client, world["lawyer"]).get(reverse("intake:application_detail", args=[application.pk]))
    client.get(f"/api/v1/applications/{application.pk}/")
    assert not PersonalDataAccess.objects.exists()

    staff = _as(client.__class__(), world["regional"])
    assert staff.get(reverse("intake:application_detail", args=[application.pk])).status_code == 200
    assert staff.get(f"/api/v1/applications/{application.pk}/").status_code == 200
    assert staff.get(f"/api/v1/applications/{application.pk}/documents/").status_code == 200
    document = application.documents.first()
    download = staff.get(reverse("intake:document_download", args=[application.pk, document.pk]))
    assert download.status_code == 200
    rows = list(PersonalDataAccess.objects.order_by("id").values_list("user__username", "role", "action"))
    assert rows == [("almaty", "staff", AccessAction.DETAILS), ("almaty", "staff", AccessAction.DETAILS),
                    ("almaty", "staff", AccessAction.DOCUMENTS), ("almaty", "staff", AccessAction.DOCUMENT_DOWNLOAD)]


def test_the_lists_record_nothing_and_an_export_records_each_application_in_it(client, world):
    ApplicationFactory(status="submitted", region=region("KZ-75"), submitted_at=timezone.now(),
                       original_due=timezone.localdate())
    staff = _as(client, world["regional"])
    assert staff.get(reverse("intake:staff_queue")).status_code == 200
    assert staff.get("/api/v1/applications/").status_code == 200
    assert not PersonalDataAccess.objects.exists()
    response = staff.get(reverse("intake:staff_queue"), {"export": "csv"})
    b"".join(response.streaming_content)
    exported = PersonalDataAccess.objects.filter(action=AccessAction.EXPORT)
    assert exported.count() == 2 and {row.detail for row in exported} == {"intake-queue.csv"}


def test_national_staff_and_administrators_read_the_log_newest_first(client, world):
    application = world["application"]
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)):
        _as(client.__class__(), world["regional"]).get(f"/api/v1/applications/{application.pk}/")
    with time_machine.travel(dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC)):
        _as(client.__class__(), world["admin"]).get(f"/api/v1/applications/{application.pk}/")
    national = _as(client, world["national"])
    response = national.get(f"/api/v1/applications/{application.pk}/access-log/")
    assert response.status_code == 200
    body = response.json()
    assert [row["user"] for row in body] == [world["admin"].pk, world["regional"].pk]
    assert set(body[0]) == {"at", "user", "role", "action"} and body[1]["role"] == "staff"
    assert body[1]["action"] == "details"
    page = national.get(reverse("application_access_log", args=[application.pk]))
    assert page.status_code == 200 and "almaty" in page.content.decode()
    # Per user: the admin's changelist filters by the reader.
    admin_client = _as(client.__class__(), world["admin"])
    changelist = admin_client.get(reverse("admin:core_personaldataaccess_changelist"),
                                  {"user__id__exact": world["regional"].pk})
    assert changelist.status_code == 200


def test_others_may_not_read_the_log(client, world):
    application = world["application"]
    url = f"/api/v1/applications/{application.pk}/access-log/"
    assert _as(client, world["regional"]).get(url).status_code == 403  # sees the application, not its log
    assert _as(client.__class__(), world["lawyer"]).get(url).status_code == 403
    assert _as(client.__class__(), world["other_lawyer"]).get(url).status_code == 404
    assert client.__class__().get(url).status_code in (401, 403)
    assert _as(client.__class__(), world["regional"]).get(
        reverse("application_access_log", args=[application.pk])).status_code == 403


def test_rows_past_the_retention_are_purged(world, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    user, application = world["regional"], world["application"]
    old = PersonalDataAccess.objects.create(user=user, role="staff", application_id=application.pk,
                                            action=AccessAction.DETAILS, at=timezone.now() - dt.timedelta(days=31))
    recent = PersonalDataAccess.objects.create(user=user, role="staff", application_id=application.pk,
                                               action=AccessAction.DETAILS, at=timezone.now() - dt.timedelta(days=29))
    security_logs_purge()
    assert list(PersonalDataAccess.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not PersonalDataAccess.objects.filter(pk=old.pk).exists()


def test_a_download_is_an_attachment_that_is_never_sniffed(client, world):
    application = world["application"]
    document = application.documents.first()
    response = _as(client, world["lawyer"]).get(reverse("intake:document_download",
                                                        args=[application.pk, document.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
