"""Inspections through the pages: the order form, the access matrix, the run of an inspection to its act, the
measures, the bailiff's objections, the candidates and the list's query count."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bailiffs.models import BailiffStatus
from complaints.models import DisciplinaryCase
from complaints.services import complaint_decide, complaint_file
from inspections.forms import UNKNOWN_REFERENCES
from inspections.models import Inspection, InspectionStatus, Objection, SampleSource
from inspections.services import inspection_complete, inspection_order, inspection_start
from inspections.services.lifecycle import (
    INSPECTORS_REQUIRED,
    OBJECTIONS_CLOSED,
    PERIOD_REVERSED,
    PETITION_ORDER_REQUIRED,
    REQUIRED,
)
from intake.models import Application
from tests.factories import AssignedApplicationFactory, BailiffFactory, UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    """These tests read the English wording; the Russian and Kazakh catalogues are checked elsewhere."""
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def _as(client, user):
    client.force_login(user)
    return client


def _url(name, inspection=None, *args):
    return reverse(f"inspections:{name}", args=[inspection.pk, *args] if inspection else args)


def _order(bailiff, staff, **kwargs):
    today = timezone.localdate()
    values = dict(bailiff=bailiff, by=staff, grounds=["own_initiative"], order_number="INS-1/2026",
                  ordered_on=today, inspectors=[staff], period_from=today - timedelta(days=30), period_to=today,
                  planned_start=today, planned_end=today + timedelta(days=10), sample_size=2, seed=777)
    values.update(kwargs)
    return inspection_order(**values)


def _completed(inspection, staff, **measures):
    inspection_start(inspection=inspection, by=staff)
    return inspection_complete(inspection=inspection, by=staff, completed_on=timezone.localdate(),
                               outcome="violations_found", findings="Initiation late on 2 of 3 cases.", **measures)


def _form_data(bailiff, staff, **changes):
    today = timezone.localdate()
    data = {
        "bailiff": bailiff.pk, "grounds": ["complaints", "media"], "grounds_note": "Article of 1 November",
        "order_number": "17-П", "ordered_on": today.isoformat(), "inspectors": [staff.pk],
        "period_from": (today - timedelta(days=30)).isoformat(), "period_to": today.isoformat(),
        "planned_start": today.isoformat(), "planned_end": (today + timedelta(days=10)).isoformat(),
        "sample_size": "2", "cases": "",
    }
    data.update(changes)
    return data


# --- ordering ------------------------------------------------------------------------------------------


def test_staff_order_an_inspection_through_the_form_with_a_reproducible_sample(client, bailiffs, almaty_staff):
    cases = [AssignedApplicationFactory() for _ in range(9)]
    bailiff = bailiffs[0]
    mine = [c for c in cases if c.assigned_bailiff == bailiff]
    _as(client, almaty_staff)
    form = client.get(_url("inspection_order"))
    assert form.status_code == 200
    assert bailiffs[0].full_name in form.content.decode()

    response = client.post(_url("inspection_order"), _form_data(bailiff, almaty_staff, cases=mine[0].reference))
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("inspection_detail", inspection)
    assert inspection.grounds == ["complaints", "media"] and inspection.order_number == "17-П"
    assert list(inspection.inspectors.all()) == [almaty_staff]
    assert inspection.cases.filter(source=SampleSource.RANDOM).count() == 2
    assert mine[0].pk in set(inspection.cases.values_list("application_id", flat=True))

    page = client.get(response["Location"]).content.decode()
    assert f"reproducible: seed {inspection.sample_seed}" in page
    assert "Complaints about the bailiff; A media report" in page
    assert mine[0].reference in page


def test_the_order_form_shows_problems_at_the_fields_and_keeps_what_was_typed(client, bailiffs, almaty_staff):
    today = timezone.localdate()
    data = _form_data(bailiffs[0], almaty_staff, grounds=[], inspectors=[], order_number="17-П",
                      period_to=(today - timedelta(days=40)).isoformat(), grounds_note="Typed by hand")
    response = _as(client, almaty_staff).post(_url("inspection_order"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["grounds"] == [str(REQUIRED)]
    assert form.errors["inspectors"] == [str(INSPECTORS_REQUIRED)]
    assert form.errors["period_to"] == [str(PERIOD_REVERSED)]
    assert form["order_number"].value() == "17-П" and form["grounds_note"].value() == "Typed by hand"
    page = response.content.decode()
    assert 'value="17-П"' in page and str(PERIOD_REVERSED) in page
    assert not Inspection.objects.exists()


def test_unknown_case_references_are_refused_at_the_field(client, bailiffs, almaty_staff):
    response = _as(client, almaty_staff).post(_url("inspection_order"),
                                              _form_data(bailiffs[0], almaty_staff, cases="75-2026-999999"))
    assert response.status_code == 400
    assert response.context["form"].errors["cases"] == [str(UNKNOWN_REFERENCES % {"references": "75-2026-999999"})]
    assert response.context["form"]["cases"].value() == "75-2026-999999"
    assert not Inspection.objects.exists()


def test_the_bailiff_choice_is_limited_to_the_staffs_region_and_complaints_follow_the_bailiff(
    client, bailiffs, almaty_staff,
):
    stranger = BailiffFactory(region=region("KZ-71"))
    application = next(c for c in (AssignedApplicationFactory() for _ in range(3)) if c.assigned_bailiff == bailiffs[0])
    complaint = complaint_file(application=application, by=application.lawyer, ground="delay", description="Slow")
    _as(client, almaty_staff)
    form = client.get(_url("inspection_order")).context["form"]
    assert stranger not in form.fields["bailiff"].queryset
    assert set(form.fields["bailiff"].queryset) == set(bailiffs)
    choices = client.get(_url("complaint_choices"), {"bailiff": bailiffs[0].pk})
    assert f'value="{complaint.pk}"' in choices.content.decode()
    assert f'value="{complaint.pk}"' not in client.get(_url("complaint_choices"),
                                                        {"bailiff": bailiffs[1].pk}).content.decode()


# --- who sees what -------------------------------------------------------------------------------------


def test_staff_of_another_region_a_lawyer_and_another_bailiff_get_404(client, bailiffs, almaty_staff, astana_staff):
    inspection = _completed(_order(bailiffs[0], almaty_staff), almaty_staff)
    lawyer = UserFactory(role="lawyer")
    for user in (astana_staff, bailiffs[1].user, lawyer):
        _as(client, user)
        for name in ("inspection_detail", "inspection_act"):
            assert client.get(_url(name, inspection)).status_code == 404, (user, name)
    _as(client, astana_staff)
    assert client.post(_url("petition", inspection), {}).status_code == 404
    assert not client.get(_url("inspection_list")).context["page"].object_list
    for user in (lawyer, bailiffs[0].user):
        _as(client, user)
        assert client.get(_url("inspection_order")).status_code == 404
        assert client.get(_url("candidates")).status_code == 404
    assert client.get(_url("inspection_list")).status_code == 200  # the bailiff's own list
    _as(client, lawyer)
    assert client.get(_url("inspection_list")).status_code == 404


def test_the_bailiff_lists_only_his_or_her_own_inspections(client, bailiffs, almaty_staff):
    own = _order(bailiffs[0], almaty_staff, order_number="OWN-1")
    _order(bailiffs[1], almaty_staff, order_number="OTHER-2")
    response = _as(client, bailiffs[0].user).get(_url("inspection_list"))
    assert [i.pk for i in response.context["page"]] == [own.pk]
    assert "OTHER-2" not in response.content.decode()
    assert _url("inspection_list") in {item["url"] for item in response.context["navigation"]}


def test_the_bailiff_reads_the_act_only_once_it_is_complete(client, bailiffs, almaty_staff):
    inspection = _order(bailiffs[0], almaty_staff)
    _as(client, bailiffs[0].user)
    assert client.get(_url("inspection_detail", inspection)).status_code == 200
    assert client.get(_url("inspection_act", inspection)).status_code == 404
    _completed(inspection, almaty_staff)
    assert client.get(_url("inspection_act", inspection)).status_code == 200


# --- running the inspection ------------------------------------------------------------------------------


def test_staff_start_record_findings_and_complete_the_act(client, bailiffs, almaty_staff):
    [AssignedApplicationFactory() for _ in range(6)]
    inspection = _order(bailiffs[0], almaty_staff, sample_size=2)
    case = inspection.cases.first()
    _as(client, almaty_staff)
    assert client.post(_url("start", inspection), {"start-on": timezone.localdate().isoformat()}).status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS

    empty = client.post(_url("record_finding", inspection, case.pk), {f"case-{case.pk}-finding": ""})
    assert empty.status_code == 400
    assert empty.context["cases"][0].form.errors["finding"] == [str(REQUIRED)]
    client.post(_url("record_finding", inspection, case.pk),
                {f"case-{case.pk}-finding": "Initiated on the 6th working day", f"case-{case.pk}-violation": "yes"})
    case.refresh_from_db()
    assert (case.finding, case.violation) == ("Initiated on the 6th working day", True)

    missing = client.post(_url("complete", inspection), {"complete-outcome": "violations_found",
                                                         "complete-completed_on": timezone.localdate().isoformat()})
    assert missing.status_code == 400 and missing.context["complete_form"].errors["findings"]
    done = client.post(_url("complete", inspection), {
        "complete-outcome": "violations_found", "complete-completed_on": timezone.localdate().isoformat(),
        "complete-findings": "Initiation late on 1 of 2 cases.", "complete-warning": "on",
    })
    assert done.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.COMPLETED and inspection.warning and inspection.objection_due

    act = client.get(_url("inspection_act", inspection))
    page = act.content.decode()
    assert act.status_code == 200
    assert "Initiated on the 6th working day" in page and "Initiation late on 1 of 2 cases." in page
    assert "Violations found" in page and "A warning is issued to the bailiff." in page
    assert inspection.order_number in page and almaty_staff.display_name in page
    assert inspection.objection_due.strftime("%d.%m.%Y") in page
    assert 'data-testid="draft"' not in page


def test_a_referral_opens_a_disciplinary_case_shown_as_a_link(client, bailiffs, almaty_staff):
    inspection = _order(bailiffs[0], almaty_staff)
    inspection_start(inspection=inspection, by=almaty_staff)
    _as(client, almaty_staff).post(_url("complete", inspection), {
        "complete-outcome": "violations_found", "complete-completed_on": timezone.localdate().isoformat(),
        "complete-findings": "Funds not transferred to the claimant.", "complete-refer": "on",
    })
    case = DisciplinaryCase.objects.get()
    assert case.bailiff == bailiffs[0] and case.source == "inspection"
    assert f"disciplinary case № {case.pk}" in client.get(_url("inspection_detail", inspection)).content.decode()

    administrator = UserFactory(role="admin", is_staff=True)
    page = _as(client, administrator).get(_url("inspection_detail", inspection))
    assert page.context["referral_url"]
    assert f'<a href="{page.context["referral_url"]}">disciplinary case № {case.pk}</a>' in page.content.decode()


def test_staff_record_the_licensors_order_granting_the_petition_and_the_open_cases_are_redistributed(
    client, bailiffs, almaty_staff, django_capture_on_commit_callbacks,
):
    cases = [AssignedApplicationFactory() for _ in range(6)]
    target = bailiffs[0]
    held = [c.pk for c in cases if c.assigned_bailiff == target]
    inspection = _completed(_order(target, almaty_staff), almaty_staff, petition_suspend=True)
    _as(client, almaty_staff)
    assert _url("petition", inspection) in client.get(_url("inspection_detail", inspection)).content.decode()

    confirm = client.get(_url("petition", inspection))
    assert confirm.status_code == 200
    assert f"The bailiff holds {len(held)} open cases" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("petition", inspection), {
            "petition-outcome": "granted", "petition-order_reference": "MJ 88 of 02.12",
            "petition-decided_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    target.refresh_from_db()
    inspection.refresh_from_db()
    assert target.status == BailiffStatus.SUSPENDED and inspection.petition_carried_out_on == timezone.localdate()
    moved = Application.objects.filter(pk__in=held)
    assert held and all(a.assigned_bailiff_id not in (None, target.pk) for a in moved)
    page = client.get(_url("inspection_detail", inspection)).content.decode()
    assert "Granted by the licensor (order MJ 88 of 02.12): the licence is suspended" in page
    assert 'data-testid="suspend-now"' not in page


def test_the_petition_page_asks_for_the_licensors_order_and_keeps_what_was_typed(client, bailiffs, almaty_staff):
    target = bailiffs[0]
    inspection = _completed(_order(target, almaty_staff), almaty_staff, petition_suspend=True)
    response = _as(client, almaty_staff).post(_url("petition", inspection), {
        "petition-outcome": "granted", "petition-order_reference": "",
        "petition-decided_on": timezone.localdate().isoformat()})
    assert response.status_code == 400
    assert response.context["form"].errors["order_reference"] == [str(PETITION_ORDER_REQUIRED)]
    assert f'value="{timezone.localdate().isoformat()}"' in response.content.decode()
    target.refresh_from_db()
    assert target.status == BailiffStatus.ACTIVE


# --- the bailiff's objections --------------------------------------------------------------------------


def test_the_bailiff_objects_within_the_period_and_is_refused_after(client, bailiffs, almaty_staff, time_machine):
    inspection = _completed(_order(bailiffs[0], almaty_staff), almaty_staff)
    _as(client, bailiffs[0].user)
    assert client.get(_url("inspection_detail", inspection)).context["objection_form"]
    response = client.post(_url("object", inspection), {"objection-text": "The debtor hid his assets."})
    assert response.status_code == 302
    assert Objection.objects.get().text == "The debtor hid his assets."

    time_machine.move_to(timezone.now() + timedelta(days=30))
    _as(client, bailiffs[0].user)  # the session would have expired by then
    late = client.post(_url("object", inspection), {"objection-text": "Late"}, follow=True)
    closed = OBJECTIONS_CLOSED % {"date": inspection.objection_due.strftime("%d.%m.%Y")}
    assert closed in [str(m) for m in late.context["messages"]]
    assert Objection.objects.count() == 1
    assert "objection_form" not in late.context


def test_staff_cannot_file_the_bailiffs_objections(client, bailiffs, almaty_staff):
    inspection = _completed(_order(bailiffs[0], almaty_staff), almaty_staff)
    assert _as(client, almaty_staff).post(_url("object", inspection), {"objection-text": "x"}).status_code == 404


# --- candidates ----------------------------------------------------------------------------------------


def test_the_candidates_page_lists_the_bailiff_with_the_figures_and_the_link_prefills_the_order(
    client, bailiffs, almaty_staff, settings,
):
    settings.INSPECTION_CANDIDATE_COMPLAINTS = 2
    cases = [AssignedApplicationFactory() for _ in range(6)]
    target = bailiffs[0]
    mine = [c for c in cases if c.assigned_bailiff == target]
    complaints = [complaint_file(application=a, by=a.lawyer, ground="delay", description="Slow") for a in mine]
    complaint_decide(complaint=complaints[0], by=almaty_staff, outcome="breach_confirmed",
                     decision_date=timezone.localdate(), document_reference="DC-1")
    _as(client, almaty_staff)
    response = client.get(_url("candidates"))
    rows = list(response.context["page"])
    assert [r.pk for r in rows] == [target.pk]
    assert (rows[0].complaints_count, rows[0].breaches_count, rows[0].overdue_initiations_count) == (
        len(mine), 1, 0)
    assert rows[0].passed == {"complaints": True, "breaches": True, "overdue": False}
    page = response.content.decode()
    assert "complaints filed: 2 or more; breaches confirmed: 1 or more; initiations overdue: 3 or more." in page

    link = urlsplit(rows[0].order_url)
    query = parse_qs(link.query)
    assert link.path == _url("inspection_order") and query["bailiff"] == [str(target.pk)]
    today = timezone.localdate()
    assert query["period_from"] == [(today - timedelta(days=90)).isoformat()]
    form = client.get(rows[0].order_url).context["form"]
    assert form.initial["bailiff"] == target.pk and form.initial["grounds"] == ["complaints"]
    assert sorted(form.initial["complaints"]) == sorted(c.pk for c in complaints)
    assert form.initial["period_from"] == today - timedelta(days=90) and form.initial["period_to"] == today
    assert all(form["complaints"].field.queryset.filter(pk=c.pk).exists() for c in complaints)


def test_the_candidates_period_can_be_chosen(client, bailiffs, almaty_staff, settings):
    settings.INSPECTION_CANDIDATE_COMPLAINTS = 1
    application = next(c for c in (AssignedApplicationFactory() for _ in range(3)) if c.assigned_bailiff == bailiffs[0])
    complaint_file(application=application, by=application.lawyer, ground="delay", description="Slow")
    long_ago = timezone.localdate() - timedelta(days=400)
    response = _as(client, almaty_staff).get(_url("candidates"), {
        "since": long_ago.isoformat(), "until": (long_ago + timedelta(days=10)).isoformat()})
    assert list(response.context["page"]) == []


# --- lists ---------------------------------------------------------------------------------------------


def test_the_list_filters_by_status_outcome_bailiff_and_order_date(client, bailiffs, almaty_staff):
    done = _completed(_order(bailiffs[0], almaty_staff, order_number="A-1"), almaty_staff)
    waiting = _order(bailiffs[1], almaty_staff, order_number="B-2")
    _as(client, almaty_staff)

    def listed(**query):
        return [i.pk for i in client.get(_url("inspection_list"), query).context["page"]]

    assert set(listed()) == {done.pk, waiting.pk}
    assert listed(status="ordered") == [waiting.pk]
    assert listed(outcome="violations_found") == [done.pk]
    assert listed(q=bailiffs[1].licence_number) == [waiting.pk]
    assert listed(ordered_from=(timezone.localdate() + timedelta(days=1)).isoformat()) == []


def test_the_list_runs_a_constant_number_of_queries(client, almaty_staff):
    _as(client, almaty_staff)

    def queries(n):
        for number in range(Inspection.objects.count(), n):
            bailiff = BailiffFactory(region=region("KZ-75"))
            inspector = UserFactory(role="staff", region=region("KZ-75"))
            _order(bailiff, almaty_staff, order_number=f"Q-{number}", inspectors=[almaty_staff, inspector])
        with CaptureQueriesContext(connection) as captured:
            response = client.get(_url("inspection_list"))
        assert len(response.context["page"]) == n
        return len(captured)

    assert queries(2) == queries(12)


def test_the_bailiffs_registry_page_shows_the_inspections(client, bailiffs, almaty_staff):
    inspection = _completed(_order(bailiffs[0], almaty_staff, order_number="REG-7"), almaty_staff)
    page = _as(client, almaty_staff).get(reverse("bailiffs:bailiff_detail", args=[bailiffs[0].pk]))
    content = page.content.decode()
    assert 'data-testid="bailiff-inspections"' in content
    assert _url("inspection_detail", inspection) in content and "Violations found" in content
    assert f"{_url('inspection_order')}?bailiff={bailiffs[0].pk}" in content


def test_staff_export_the_inspections_list_and_the_bailiff_cannot(client, bailiffs, almaty_staff):
    import csv
    import io

    from inspections.services import inspection_order

    today = timezone.localdate()
    inspection_order(bailiff=bailiffs[0], by=almaty_staff, grounds=["media"], order_number="INS-77/2026",
                     ordered_on=today, inspectors=[almaty_staff], period_from=today, period_to=today,
                     planned_start=today, planned_end=today)
    client.force_login(almaty_staff)
    response = client.get(reverse("inspections:inspection_list"), {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][0] == "INS-77/2026" and len(rows) == 2
    assert client.get(reverse("inspections:inspection_list"), {"export": "xlsx"}).status_code == 200
    client.force_login(bailiffs[0].user)
    assert client.get(reverse("inspections:inspection_list"), {"export": "csv"}).status_code == 404
