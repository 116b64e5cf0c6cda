"""Forms that show every problem at once, mark what is required, start from sensible values, and pages that offer
only the actions that can succeed."""

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from intake.forms import REQUIRED_TO_SUBMIT
from intake.models import Application, Status
from intake.services import application_submit
from intake.services.documents import FILE_NOT_PDF
from intake.views.common import ACCEPT_NEEDS_ORIGINAL
from tests.factories import ApplicationFactory, UserFactory, pdf_upload, region

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def lawyer_client(client):
    client.lawyer = UserFactory(role="lawyer")
    client.force_login(client.lawyer)
    return client


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(role="staff", region=region("KZ-75")))
    return client


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _submitted(**fields):
    application = ApplicationFactory(**fields)
    return application_submit(application=application, by=application.lawyer)


def test_a_bad_pdf_shows_together_with_every_other_problem_of_the_filing(lawyer_client):
    not_a_pdf = SimpleUploadedFile("scan.pdf", b"this is not a PDF", content_type="application/pdf")
    response = lawyer_client.post(reverse("intake:application_create"), {
        "category": "private_claim", "region": str(region("KZ-75").pk), "debtor_name": "Сериков Ержан",
        "decision_scan": not_a_pdf, "power_of_attorney": pdf_upload("poa.pdf"), "submit": "1",
    }, follow=True)
    errors = response.context["form"].errors
    assert errors["decision_scan"] == [str(FILE_NOT_PDF)]
    # ... and, in the same answer, what the submission would also refuse.
    assert {"creditor_name", "debtor_iin_bin", "court_name", "document_number", "amount_kzt"} <= set(errors)
    assert "power_of_attorney" not in errors  # the good PDF was kept
    draft = Application.objects.get(lawyer=lawyer_client.lawyer)
    assert draft.status == Status.DRAFT
    assert list(draft.documents.values_list("kind", flat=True)) == ["power_of_attorney"]


def test_every_problem_is_listed_in_a_summary_at_the_top_linking_each_field(lawyer_client):
    response = lawyer_client.post(reverse("intake:application_create"), {"debtor_name": "Сериков", "submit": "1"},
                                  follow=True)
    page = response.content.decode()
    summary = page.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
    assert page.index('data-testid="error-summary"') < page.index('id="application-form"')
    assert 'tabindex="-1"' in page.split('data-testid="error-summary"', 1)[0].rsplit("<div", 1)[1]
    for name in ("category", "region", "creditor_name", "court_name", "document_number"):
        assert f'href="#id_{name}"' in summary, name
        assert f'id="id_{name}_error"' in page
    # Each field is described by its own message, for a screen reader on the field.
    assert re.search(r'<input[^>]*aria-describedby="id_court_name_error"[^>]*>', page)


def test_every_field_a_submission_needs_is_marked_required(lawyer_client):
    page = lawyer_client.get(reverse("intake:application_create")).content.decode()
    for name in REQUIRED_TO_SUBMIT:
        field = re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', page).group(0)
        assert 'aria-required="true"' in field, name
        label = re.search(rf'<label[^>]*for="id_{name}"[^>]*>(.*?)</label>', page, re.S).group(1)
        assert "data-required-mark" in label, name
    obligation = re.search(r'<label[^>]*for="id_obligation"[^>]*>(.*?)</label>', page, re.S).group(1)
    assert "data-required-mark" not in obligation  # needed only for a non-property decision


@time_machine.travel(dt.datetime(2026, 11, 23, 9, 41, 30, tzinfo=ALMATY), tick=False)
def test_the_received_time_offered_is_now_in_almaty(staff_client):
    application = _submitted()
    page = staff_client.get(reverse("intake:application_detail", args=[application.pk])).content.decode()
    field = re.search(r'<input[^>]*name="received_at"[^>]*>', page).group(0)
    assert 'value="2026-11-23T09:41"' in field


def test_acceptance_is_not_offered_before_the_original_is_registered_and_the_page_says_why(staff_client):
    application = _submitted()
    page = _text(staff_client.get(reverse("intake:application_detail", args=[application.pk])))
    assert reverse("intake:accept", args=[application.pk]) not in page
    assert 'data-testid="accept-missing"' in page and str(ACCEPT_NEEDS_ORIGINAL) in page
    assert reverse("intake:register_original", args=[application.pk]) in page


def test_a_failed_registration_shows_its_problems_but_still_no_acceptance(staff_client):
    application = _submitted()
    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = staff_client.post(reverse("intake:register_original", args=[application.pk]),
                                 {"registry_number": "", "received_at": future})
    assert response.status_code == 400
    page = _text(response)
    assert 'data-testid="error-summary"' in page
    assert 'href="#id_registry_number"' in page
    assert reverse("intake:accept", args=[application.pk]) not in page
    assert str(ACCEPT_NEEDS_ORIGINAL) in page


def test_acceptance_is_offered_once_the_original_is_registered(staff_client):
    application = _submitted()
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = staff_client.post(reverse("intake:register_original", args=[application.pk]),
                                 {"registry_number": "ВХ-1", "received_at": now})
    assert response.status_code == 302
    page = _text(staff_client.get(reverse("intake:application_detail", args=[application.pk])))
    assert reverse("intake:accept", args=[application.pk]) in page
    assert 'data-testid="accept-missing"' not in page


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


def test_the_regional_queue_offers_only_the_staff_members_region_and_no_draft(staff_client):
    page = staff_client.get(reverse("intake:staff_queue")).content.decode()
    assert _options(page, "region") == ["KZ-75"]
    assert "draft" not in _options(page, "status")
    assert "submitted" in _options(page, "status")


def test_the_national_queue_offers_every_region_but_no_draft(client):
    client.force_login(UserFactory(role="staff"))
    page = client.get(reverse("intake:staff_queue")).content.decode()
    assert len([code for code in _options(page, "region") if code]) == 20
    assert "draft" not in _options(page, "status")


def test_the_lawyers_list_still_finds_drafts(lawyer_client):
    page = lawyer_client.get(reverse("intake:application_list")).content.decode()
    assert "draft" in _options(page, "status")


def test_a_regional_queue_filtered_by_status_stays_in_the_region(staff_client):
    _submitted()
    _submitted(region=region("KZ-71"))
    response = staff_client.get(reverse("intake:staff_queue"), {"status": "submitted", "region": "KZ-71"})
    assert [a.region.code for a in response.context["rows"]] == ["KZ-75"]
