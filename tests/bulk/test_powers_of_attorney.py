"""Standing powers of attorney (issue 14): uploaded once per claimant; while valid, no upload per application."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chamber_portal.core.models import Notification
from intake.checks import DOCUMENT_MISSING, intake_problems
from intake.models import Application, ApplicationDocument, DocumentType, PowerOfAttorney, Status
from intake.services import powers_of_attorney_warn_expiring
from intake.services.powers import NOT_AN_IIN_OR_BIN, POWER_EXPIRED
from tests.factories import VALID_BIN, VALID_BIN_2, VALID_IIN, ApplicationFactory, UserFactory, pdf_upload

pytestmark = pytest.mark.django_db

API = "/api/v1/powers-of-attorney/"


@pytest.fixture
def lawyer_api(client, lawyer):
    client.force_login(lawyer)
    return client


def _upload(client, valid_until, creditor=VALID_BIN, file=None):
    return client.post(API, {"file": file or pdf_upload("poa.pdf"), "creditor_iin_bin": creditor,
                             "valid_until": str(valid_until)})


def _draft_without_poa(lawyer, **kwargs):
    draft = ApplicationFactory(lawyer=lawyer, **kwargs)
    draft.documents.filter(kind=DocumentType.POWER_OF_ATTORNEY).delete()
    return draft


def test_a_valid_standing_power_of_attorney_lets_the_claimants_applications_be_submitted_without_one(
        lawyer_api, lawyer):
    today = timezone.localdate()
    response = _upload(lawyer_api, today + timedelta(days=90))
    assert response.status_code == 201, response.json()
    assert response.json()["is_valid"] is True
    draft = _draft_without_poa(lawyer, creditor_iin_bin=VALID_BIN)
    submitted = lawyer_api.post(f"/api/v1/applications/{draft.pk}/submit/")
    assert submitted.status_code == 200, submitted.json()
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.standing_power_of_attorney_id == response.json()["id"]


def test_a_standing_power_of_attorney_does_not_cover_another_claimant(lawyer_api, lawyer):
    _upload(lawyer_api, timezone.localdate() + timedelta(days=90))
    draft = _draft_without_poa(lawyer, creditor_iin_bin=VALID_BIN_2)
    assert intake_problems(draft)["document_power_of_attorney"] == [str(DOCUMENT_MISSING["power_of_attorney"])]


def test_another_lawyers_power_of_attorney_does_not_count(client, lawyer):
    other = UserFactory(role="lawyer")
    client.force_login(other)
    _upload(client, timezone.localdate() + timedelta(days=90))
    assert "document_power_of_attorney" in intake_problems(_draft_without_poa(lawyer, creditor_iin_bin=VALID_BIN))
    assert client.get(API).json()["count"] == 1
    client.force_login(lawyer)
    assert client.get(API).json()["count"] == 0


def test_an_expired_one_is_never_used(lawyer_api, lawyer):
    today = timezone.localdate()
    _upload(lawyer_api, today)
    draft = _draft_without_poa(lawyer, creditor_iin_bin=VALID_BIN)
    assert "document_power_of_attorney" not in intake_problems(draft, today=today)
    assert "document_power_of_attorney" in intake_problems(draft, today=today + timedelta(days=1))


def test_a_power_of_attorney_with_a_past_date_a_bad_number_and_no_pdf_is_refused(lawyer_api):
    yesterday = timezone.localdate() - timedelta(days=1)
    fake = SimpleUploadedFile("poa.pdf", b"hello", content_type="application/pdf")
    response = _upload(lawyer_api, yesterday, creditor="940140000386", file=fake)
    assert response.status_code == 400
    body = response.json()
    assert body["valid_until"] == [str(POWER_EXPIRED)]
    assert body["creditor_iin_bin"] == [str(NOT_AN_IIN_OR_BIN)]
    assert "file" in body
    assert not PowerOfAttorney.objects.exists()


def test_only_lawyers_upload_one(client, national_staff):
    client.force_login(national_staff)
    assert _upload(client, timezone.localdate() + timedelta(days=9)).status_code == 403


def test_the_lawyer_is_warned_once_before_it_expires_unless_renewed(lawyer_api, lawyer,
                                                                   django_capture_on_commit_callbacks):
    today = timezone.localdate()
    _upload(lawyer_api, today + timedelta(days=10))
    _upload(lawyer_api, today + timedelta(days=30), creditor=VALID_IIN)  # not yet within the 14 days
    _upload(lawyer_api, today + timedelta(days=5), creditor=VALID_BIN_2)
    _upload(lawyer_api, today + timedelta(days=400), creditor=VALID_BIN_2)  # already renewed
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert powers_of_attorney_warn_expiring(today=today) == 1
    assert powers_of_attorney_warn_expiring(today=today) == 0
    notice = Notification.objects.get(user=lawyer, kind="power_of_attorney_expiring")
    assert notice.data["creditor"] == VALID_BIN
    assert len(mail.outbox) == 1 and VALID_BIN in mail.outbox[0].body
    assert powers_of_attorney_warn_expiring(today=today + timedelta(days=17)) == 1  # the 30-day one


def test_an_uploaded_power_of_attorney_is_used_over_the_standing_one(lawyer, lawyer_api):
    _upload(lawyer_api, timezone.localdate() + timedelta(days=90))
    draft = ApplicationFactory(lawyer=lawyer, creditor_iin_bin=VALID_BIN)
    lawyer_api.post(f"/api/v1/applications/{draft.pk}/submit/")
    draft = Application.objects.get(pk=draft.pk)
    assert draft.standing_power_of_attorney is None
    assert ApplicationDocument.objects.filter(application=draft, kind="power_of_attorney").exists()
