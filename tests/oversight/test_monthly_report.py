"""The monthly report to the Republican Chamber (issue 8): a known month of Almaty gives known figures."""

import io
import itertools
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assignment.models import Assignment, DistributionDecision, EnforcementAction
from complaints.models import BreachDecision, Complaint
from inspections.models import Inspection
from oversight.monthly_report import Month, monthly_report
from tests.factories import ApplicationFactory, BailiffFactory, UserFactory, region

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
MARCH = Month.of(2026, 3)
_turns = itertools.count(1)
_numbers = itertools.count(1)


def at(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=ALMATY)


def application(code="KZ-75", **kwargs):
    kwargs.setdefault("status", "assigned")
    return ApplicationFactory(region=region(code), reference=f"{code[3:]}-2026-{next(_numbers):06d}",
                              with_documents=False, **kwargs)


def decision(app, bailiff, when, reason="new"):
    return DistributionDecision.objects.create(application=app, region=app.region, turn=next(_turns), reason=reason,
                                               candidates=[], chosen=bailiff, at=when)


def assignment(app, bailiff, when, reason="new", **kwargs):
    return Assignment.objects.create(application=app, bailiff=bailiff, decision=decision(app, bailiff, when, reason),
                                     assigned_at=when, **kwargs)


@pytest.fixture
def staff():
    return UserFactory(role="staff", region=region("KZ-75"), username="staff.almaty")


@pytest.fixture
def march(staff):
    """March 2026 in Almaty, with rows just outside the month on both sides, and one in Astana."""
    b1, b2, b3 = (BailiffFactory(region=region("KZ-75"), full_name=name)
                  for name in ("Бекова Айгерим", "Нұрланов Бауыржан", "Сейтқали Данияр"))
    astana = BailiffFactory(region=region("KZ-71"), full_name="Омаров Ерлан")

    # Intake.
    a1 = application(submitted_at=at(3, 2), original_received_at=at(3, 4), accepted_at=at(3, 5))
    application(status="returned", submitted_at=at(3, 10), return_reason="incomplete", status_changed_at=at(3, 12))
    application(status="submitted", submitted_at=at(3, 31, 23, 30))  # the last minutes of March in Almaty
    application(status="lapsed", submitted_at=at(2, 10), status_changed_at=at(3, 3))
    application(status="submitted", submitted_at=at(2, 28, 23, 30))  # February
    application(status="submitted", submitted_at=at(4, 1, 0, 10))  # April in Almaty, still 31 March in UTC
    application(status="returned", submitted_at=at(3, 15), return_reason="wrong_region", status_changed_at=at(3, 20))
    a9 = application(submitted_at=at(2, 20), accepted_at=at(2, 25))
    a10 = application(submitted_at=at(2, 21), accepted_at=at(2, 26))
    a11 = application(status="closed", submitted_at=at(2, 1))
    a12 = application(status="closed", submitted_at=at(1, 5))

    # Distribution and the bailiffs' work.
    assignment(a1, b1, at(3, 5), initiation_due=date(2026, 3, 10), initiated_on=date(2026, 3, 9))
    assignment(a9, b2, at(3, 6), initiation_due=date(2026, 3, 11), initiated_on=date(2026, 3, 13))
    assignment(a10, b1, at(3, 7), initiation_due=date(2026, 3, 12), is_active=False, ended_at=at(3, 25),
               end_reason="breach_confirmed")
    assignment(a10, b3, at(3, 25), reason="breach_confirmed", initiation_due=date(2026, 3, 30))
    assignment(a11, b2, at(2, 26), initiation_due=date(2026, 3, 2), outcome="refused_to_initiate",
               refusal_ground="period_expired", closed_at=at(3, 3))
    held = assignment(a12, b1, at(1, 6), initiation_due=date(2026, 1, 9), initiated_on=date(2026, 1, 8),
                      outcome="executed_in_full", closed_at=at(3, 15))
    recorder = held.bailiff.user
    for day, amount, kind in ((date(2026, 3, 10), "100000.50", "payment"), (date(2026, 3, 14), "50000.25", "payment"),
                              (date(2026, 4, 1), "999.00", "payment"), (date(2026, 3, 11), None, "notice")):
        EnforcementAction.objects.create(application=a12, assignment=held, kind=kind, date=day,
                                         amount_kzt=Decimal(amount) if amount else None, recorded_by=recorder)

    # Complaints and breach decisions.
    lawyer = a1.lawyer
    for filed, decided, outcome, status in ((at(3, 5), at(3, 20), "breach_confirmed", "decided"),
                                            (at(2, 20), at(3, 2), "no_breach", "decided"),
                                            (at(3, 28), None, "", "filed")):
        Complaint.objects.create(application=a10, bailiff=b1, region=a10.region, filed_by=lawyer, ground="delay",
                                 description="Бездействие", status=status, filed_at=filed, due_on=date(2026, 4, 10),
                                 decided_at=decided, outcome=outcome)
    for body, effective, appeal in (("commission", date(2026, 3, 21), ""), ("court", date(2026, 3, 25), "pending"),
                                    ("commission", date(2026, 4, 5), "")):
        BreachDecision.objects.create(application=a10, bailiff=b1, body=body, decision_date=date(2026, 2, 20),
                                      effective_on=effective, appeal_status=appeal, document_reference="№ 1",
                                      recorded_by=staff)

    # Inspections.
    for ordered, completed, outcome in ((date(2026, 3, 3), date(2026, 3, 25), "violations_found"),
                                        (date(2026, 3, 27), None, ""),
                                        (date(2026, 2, 1), date(2026, 3, 1), "no_violations")):
        Inspection.objects.create(bailiff=b1, region=region("KZ-75"), order_number="7", ordered_on=ordered,
                                  ordered_by=staff, period_from=date(2025, 1, 1), period_to=date(2025, 12, 31),
                                  planned_start=ordered, planned_end=ordered, completed_on=completed,
                                  outcome=outcome, status="completed" if completed else "ordered")

    # Astana's month: counted for all regions, never for Almaty.
    other = application("KZ-71", submitted_at=at(3, 5), accepted_at=at(3, 6))
    assignment(other, astana, at(3, 6), initiation_due=date(2026, 3, 11))
    Complaint.objects.create(application=other, bailiff=astana, region=other.region, filed_by=other.lawyer,
                             ground="delay", description="—", filed_at=at(3, 9), due_on=date(2026, 4, 1))
    return {"b1": b1, "b2": b2, "b3": b3}


def test_the_monthly_report_counts_intake_in_the_almaty_month(march):
    figures = monthly_report(month=MARCH, region=region("KZ-75")).regions[0]
    assert figures.received == 4  # 2, 10, 15 and 31 March (23:30); not 28 February nor 1 April 00:10
    assert figures.originals_registered == 1
    assert figures.accepted == 1
    assert figures.returned == 2
    assert figures.returned_by_reason == {"incomplete": 1, "wrong_region": 1}
    assert figures.lapsed == 1


def test_the_monthly_report_counts_distribution_per_reason_and_per_bailiff(march):
    figures = monthly_report(month=MARCH, region=region("KZ-75")).regions[0]
    assert figures.distributed == 4
    assert (figures.distributed_new, figures.redistributed) == (3, 1)
    assert figures.distributed_by_reason == {"new": 3, "breach_confirmed": 1}
    assert [(line.name, line.distributed) for line in figures.per_bailiff] == [
        ("Бекова Айгерим", 2), ("Нұрланов Бауыржан", 1), ("Сейтқали Данияр", 1)]
    assert figures.spread == 1


def test_the_monthly_report_counts_initiation_on_time_and_late(march):
    figures = monthly_report(month=MARCH, region=region("KZ-75")).regions[0]
    assert (figures.initiated_on_time, figures.initiated_late) == (1, 1)
    assert (figures.refused_on_time, figures.refused_late) == (0, 1)
    # Due 30 March and not initiated; the one taken away on 25 March no longer counts against anyone.
    assert figures.undecided_past_due == 1


def test_the_monthly_report_counts_closed_cases_and_the_money_recovered(march):
    figures = monthly_report(month=MARCH, region=region("KZ-75")).regions[0]
    assert figures.closed == 2
    assert figures.closed_by_outcome == {"executed_in_full": 1, "refused_to_initiate": 1}
    assert figures.payments == 2
    assert figures.recovered_kzt == Decimal("150000.75")


def test_the_monthly_report_counts_complaints_breach_decisions_and_inspections(march):
    figures = monthly_report(month=MARCH, region=region("KZ-75")).regions[0]
    assert (figures.complaints_filed, figures.complaints_decided) == (2, 2)
    assert figures.complaints_by_outcome == {"breach_confirmed": 1, "no_breach": 1}
    assert figures.breach_decisions_in_force == 1  # the court's is held by a pending appeal
    assert figures.breach_decisions_by_body == {"commission": 1}
    assert (figures.inspections_ordered, figures.inspections_completed) == (2, 2)
    assert figures.inspections_by_outcome == {"violations_found": 1, "no_violations": 1}


def test_all_regions_add_up_with_a_fixed_number_of_queries(march):
    with CaptureQueriesContext(connection) as one:
        monthly_report(month=MARCH, region=region("KZ-75"))
    with CaptureQueriesContext(connection) as all_:
        report = monthly_report(month=MARCH)
    assert len(report.regions) == 20
    assert len(all_) <= len(one) + 1  # the list of regions; never a query per region
    astana = next(item for item in report.regions if item.region.code == "KZ-71")
    assert (astana.received, astana.distributed, astana.complaints_filed) == (1, 1, 1)
    assert report.total.received == 5
    assert report.total.distributed == 5
    assert report.total.recovered_kzt == Decimal("150000.75")
    assert report.total.per_bailiff == []


def test_an_empty_month_is_all_zeros(march):
    figures = monthly_report(month=Month.of(2025, 12), region=region("KZ-75")).regions[0]
    assert (figures.received, figures.distributed, figures.recovered_kzt, figures.spread) == (0, 0, 0, None)


# --- the page and the workbook ------------------------------------------------------------------------


def test_regional_staff_read_their_regions_report(client, staff, march):
    client.force_login(staff)
    response = client.get(reverse("monthly_report"), {"month": "2026-03"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Бекова Айгерим" in page and "Омаров Ерлан" not in page
    assert "150,000.75" in page
    assert 'data-section="inspections"' in page


@pytest.mark.parametrize("other", ["KZ-71", "all", "KZ-99"])
def test_regional_staff_cannot_see_another_region(client, staff, march, other):
    client.force_login(staff)
    assert client.get(reverse("monthly_report"), {"month": "2026-03", "region": other}).status_code == 404
    response = client.get(reverse("monthly_report"), {"month": "2026-03", "region": other, "export": "xlsx"})
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["lawyer", "bailiff"])
def test_only_staff_read_the_report(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("monthly_report")).status_code == 404


def test_national_staff_read_any_region_and_all_regions(client, national_staff, march):
    client.force_login(national_staff)
    astana = client.get(reverse("monthly_report"), {"month": "2026-03", "region": "KZ-71"})
    assert astana.status_code == 200 and "Омаров Ерлан" in astana.content.decode()
    every = client.get(reverse("monthly_report"), {"month": "2026-03"}, HTTP_ACCEPT_LANGUAGE="en")
    assert every.status_code == 200
    page = every.content.decode()
    assert 'data-testid="overview"' in page and "region=KZ-63" in page


def test_the_monthly_report_shows_the_last_complete_month_by_default(client, staff):
    client.force_login(staff)
    response = client.get(reverse("monthly_report"))
    assert response.status_code == 200
    assert response.context["report"].month == Month(timezone.localdate().replace(day=1)).previous


def test_a_malformed_month_is_refused(client, staff):
    client.force_login(staff)
    assert client.get(reverse("monthly_report"), {"month": "March"}).status_code == 400


def test_the_regions_workbook_has_a_sheet_per_section_with_typed_cells(client, staff, march):
    client.force_login(staff)
    response = client.get(reverse("monthly_report"), {"month": "2026-03", "export": "xlsx"},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert 'filename="monthly-report-KZ-75-2026-03.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Applications", "Distribution", "Cases per bailiff", "Decisions on initiation",
                                   "Cases closed", "Amounts recovered", "Complaints", "Breach decisions in force",
                                   "Inspections"]
    values = {row[0].value: row[1] for row in workbook["Amounts recovered"].iter_rows(min_row=4) if row[0].value}
    assert values["Recovered, tenge"].value == pytest.approx(150000.75)
    assert values["Recovered, tenge"].number_format == "#,##0.00"
    assert values["Payments received"].value == 2
    bailiffs = [(row[0].value, row[2].value) for row in workbook["Cases per bailiff"].iter_rows(min_row=4)]
    assert ("Бекова Айгерим", 2) in bailiffs and ("Spread (most − fewest)", 1) in bailiffs


def test_the_all_regions_workbook_has_a_sheet_per_region(client, national_staff, march):
    client.force_login(national_staff)
    response = client.get(reverse("monthly_report"), {"month": "2026-03", "export": "xlsx"},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert 'filename="monthly-report-all-2026-03.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(workbook.sheetnames) == 21
    assert workbook.sheetnames[0] == "All regions"
    assert any(name.startswith("KZ-75") for name in workbook.sheetnames)
    overview = {row[0].value: row[1].value for row in workbook["All regions"].iter_rows(min_row=4, max_row=25)
                if row[0].value}
    assert overview["All regions"] == 5  # received, all regions together
