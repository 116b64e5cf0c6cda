"""The admin shows what the services own read-only (a bailiff's status, district, licence and account; everything
of an application), and every change of reference data there (MRP, the working-day calendar, document kinds with
their presentation periods, regions) writes one audit event with the values before and after."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from bailiffs.admin import REGISTERED_ELSEWHERE
from chamber_portal.core.models import AuditEvent, CalendarException, MonthlyCalculationIndex
from intake.models import DocumentKind
from tests.factories import ApplicationFactory, BailiffFactory, UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role="admin", username="root", is_staff=True, is_superuser=True))
    return client


def _events(obj, kind: str):
    return AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk),
                                     kind=kind)


def test_the_admin_shows_a_bailiffs_status_district_licence_and_account_read_only(admin_client):
    bailiff = BailiffFactory(region=region("KZ-75"), licence_number="75-000777", licence_date=date(2020, 5, 4))
    url = reverse("admin:bailiffs_bailiff_change", args=[bailiff.pk])
    form = admin_client.get(url).context["adminform"].form
    assert {"status", "region", "licence_number", "licence_date", "user"} & set(form.fields) == set()
    other = UserFactory(role="bailiff", username="someone.else")
    response = admin_client.post(url, {
        "full_name": "Новое Имя", "iin": "", "office_address": "г. Алматы, пр. Абая, 2", "phone": "",
        "office_hours": "",
        # what the services own, posted anyway: ignored
        "status": "excluded", "region": region("KZ-71").pk, "licence_number": "71-000001", "licence_date": "2021-01-01",
        "user": other.pk,
    })
    assert response.status_code == 302
    bailiff.refresh_from_db()
    assert (bailiff.status, bailiff.region.code, bailiff.licence_number, bailiff.licence_date, bailiff.user_id) == (
        "active", "KZ-75", "75-000777", date(2020, 5, 4), bailiff.user.pk)
    assert bailiff.user_id != other.pk
    assert (bailiff.full_name, bailiff.office_address) == ("Новое Имя", "г. Алматы, пр. Абая, 2")


def test_an_edit_of_a_bailiffs_office_contacts_writes_an_audit_event(admin_client):
    bailiff = BailiffFactory(region=region("KZ-75"), office_address="г. Алматы, пр. Абая, 1", phone="")
    response = admin_client.post(reverse("admin:bailiffs_bailiff_change", args=[bailiff.pk]), {
        "full_name": bailiff.full_name, "iin": bailiff.iin, "office_address": "г. Алматы, пр. Абая, 2",
        "phone": "+7 727 000 00 00", "office_hours": bailiff.office_hours,
    })
    assert response.status_code == 302
    event = _events(bailiff, "admin_changed").get()
    assert event.actor.username == "root"
    assert (event.data["fields"], event.data["before"], event.data["after"]) == (
        ["office_address", "phone"],
        {"office_address": "г. Алматы, пр. Абая, 1", "phone": ""},
        {"office_address": "г. Алматы, пр. Абая, 2", "phone": "+7 727 000 00 00"})


def test_the_admin_adds_and_deletes_no_bailiff_and_says_where_to_register_one(admin_client):
    assert admin_client.get(reverse("admin:bailiffs_bailiff_add")).status_code == 403
    page = admin_client.get(reverse("admin:bailiffs_bailiff_changelist")).content.decode()
    assert "create_user --role bailiff" in page
    assert str(REGISTERED_ELSEWHERE)[:40] in page
    bailiff = BailiffFactory()
    assert admin_client.post(reverse("admin:bailiffs_bailiff_delete", args=[bailiff.pk]), {"post": "yes"}
                             ).status_code == 403


def test_the_admin_changes_nothing_of_an_application(admin_client):
    application = ApplicationFactory(status="submitted", reference="75-0000-000001")
    url = reverse("admin:intake_application_change", args=[application.pk])
    assert admin_client.get(url).status_code == 200  # shown
    assert admin_client.post(url, {"status": "accepted", "reference": "75-0000-999999"}).status_code == 403
    application.refresh_from_db()
    assert (application.status, application.reference) == ("submitted", "75-0000-000001")


def test_an_mrp_change_writes_an_audit_event_with_the_values_before_and_after(admin_client):
    mrp = MonthlyCalculationIndex.objects.get(year=2026)
    response = admin_client.post(reverse("admin:core_monthlycalculationindex_change", args=[mrp.pk]),
                                 {"year": 2026, "amount_kzt": "4400.00"})
    assert response.status_code == 302
    mrp.refresh_from_db()
    assert mrp.amount_kzt == Decimal("4400.00")
    event = _events(mrp, "admin_changed").get()
    assert event.actor.username == "root"
    assert (event.data["fields"], event.data["before"], event.data["after"]) == (
        ["amount_kzt"], {"amount_kzt": "4325.00"}, {"amount_kzt": "4400.00"})


def test_saving_an_mrp_unchanged_writes_no_event(admin_client):
    mrp = MonthlyCalculationIndex.objects.get(year=2026)
    admin_client.post(reverse("admin:core_monthlycalculationindex_change", args=[mrp.pk]),
                      {"year": 2026, "amount_kzt": str(mrp.amount_kzt)})
    assert not _events(mrp, "admin_changed").exists()


def test_a_calendar_exception_added_and_deleted_is_audited_each_time(admin_client):
    response = admin_client.post(reverse("admin:core_calendarexception_add"),
                                 {"date": "2030-01-03", "kind": "working_day", "note": "Перенос с 6 января"})
    assert response.status_code == 302
    day = CalendarException.objects.get(date=date(2030, 1, 3))
    added = _events(day, "admin_added").get()
    assert added.data["after"] | {"id": None} == {"id": None, "date": "2030-01-03", "kind": "working_day",
                                                  "note": "Перенос с 6 января"}
    response = admin_client.post(reverse("admin:core_calendarexception_delete", args=[day.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarException.objects.filter(date=date(2030, 1, 3)).exists()
    deleted = AuditEvent.objects.get(kind="admin_deleted", object_id=str(added.object_id))
    assert (deleted.data["before"]["date"], deleted.data["after"]) == ("2030-01-03", {})


def test_a_bulk_delete_of_calendar_exceptions_writes_one_event_per_day(admin_client):
    days = [CalendarException.objects.create(date=date(2030, 3, d), kind="day_off", note="") for d in (9, 10)]
    response = admin_client.post(reverse("admin:core_calendarexception_changelist"), {
        "action": "delete_selected", "_selected_action": [d.pk for d in days], "post": "yes"})
    assert response.status_code == 302
    assert CalendarException.objects.filter(pk__in=[d.pk for d in days]).count() == 0
    assert sorted(AuditEvent.objects.filter(kind="admin_deleted").values_list("object_id", flat=True)) == sorted(
        str(d.pk) for d in days)


def test_a_document_kinds_presentation_period_edited_in_the_list_is_audited_and_its_code_stays(admin_client):
    writ = DocumentKind.objects.get(code="writ")
    before = writ.presentation_period_years
    kinds = list(DocumentKind.objects.order_by("id"))
    form = {"form-TOTAL_FORMS": len(kinds), "form-INITIAL_FORMS": len(kinds), "_save": "Save"}
    for index, kind in enumerate(kinds):
        form[f"form-{index}-id"] = kind.pk
        form[f"form-{index}-filed_through_chamber"] = "on" if kind.filed_through_chamber else ""
        years = 5 if kind.pk == writ.pk else kind.presentation_period_years
        form[f"form-{index}-presentation_period_years"] = "" if years is None else years
    form = {key: value for key, value in form.items() if value != "" or key.endswith("years")}
    response = admin_client.post(reverse("admin:intake_documentkind_changelist"), form)
    assert response.status_code == 302
    writ.refresh_from_db()
    assert writ.presentation_period_years == 5
    event = _events(writ, "admin_changed").get()
    assert (event.data["before"], event.data["after"]) == ({"presentation_period_years": before},
                                                           {"presentation_period_years": 5})
    change_form = admin_client.get(reverse("admin:intake_documentkind_change", args=[writ.pk])).context["adminform"]
    assert "code" not in change_form.form.fields
