"""CSV and XLSX exports of the staff lists (issue 8): the page's own rows, filters and scope, in a file."""

import codecs
import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from complaints.models import Complaint
from tests.factories import ApplicationFactory, AssignedApplicationFactory, BailiffFactory, UserFactory, region

pytestmark = pytest.mark.django_db

CYRILLIC = "Сәрсенбаев Әлихан Ұлықбекұлы"


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content)
    assert content.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[tuple]:
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [tuple(cell for cell in row) for row in sheet.iter_rows()]


def russian(*msgids: str) -> list[str]:
    with translation.override("ru"):
        return [gettext(msgid) for msgid in msgids]


def english(client, url, **params):
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")


def waiting(code="KZ-75", **kwargs):
    """An application in the intake queue, submitted today."""
    kwargs.setdefault("status", "submitted")
    kwargs.setdefault("submitted_at", timezone.now())
    kwargs.setdefault("original_due", timezone.localdate() + timedelta(days=10))
    return ApplicationFactory(region=region(code), with_documents=False, **kwargs)


@pytest.fixture
def queue():
    return [
        waiting(reference="75-2026-000001", debtor_name=CYRILLIC, amount_kzt=Decimal("1250000.50")),
        waiting(reference="75-2026-000002", status="original_received", debtor_name="Петров Пётр"),
        waiting("KZ-71", reference="71-2026-000003", debtor_name="Astana Debtor"),
    ]


# --- the intake queue ---------------------------------------------------------------------------------


def test_the_intake_queue_exports_as_csv_with_a_bom_and_the_cyrillic_intact(client, almaty_staff, queue):
    client.force_login(almaty_staff)
    response = client.get(reverse("intake:staff_queue"), {"export": "csv"})
    assert response.status_code == 200
    assert 'attachment; filename="intake-queue-' in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:2] == russian("Reference", "Status")  # the request's language: Russian by default
    assert {row[0] for row in rows} == {"75-2026-000001", "75-2026-000002"}
    first = next(row for row in rows if row[0] == "75-2026-000001")
    assert CYRILLIC in first
    assert "1250000.50" in first  # money as a plain decimal
    assert timezone.localdate().strftime("%d.%m.%Y") in first[header.index(*russian("Submitted"))]


def test_the_queue_export_keeps_the_filters(client, almaty_staff, queue):
    client.force_login(almaty_staff)
    header, *rows = csv_rows(english(client, reverse("intake:staff_queue"), export="csv", status="original_received"))
    assert header[0] == "Reference"
    assert [row[0] for row in rows] == ["75-2026-000002"]


def test_national_staff_export_every_regions_queue(client, national_staff, queue):
    client.force_login(national_staff)
    _header, *rows = csv_rows(client.get(reverse("intake:staff_queue"), {"export": "csv"}))
    assert {row[0] for row in rows} == {"75-2026-000001", "75-2026-000002", "71-2026-000003"}


def test_the_intake_queue_exports_as_xlsx_with_typed_cells(client, almaty_staff, queue):
    client.force_login(almaty_staff)
    response = english(client, reverse("intake:staff_queue"), export="xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="intake-queue-')
    header, *rows = xlsx_rows(response)
    labels = [cell.value for cell in header]
    assert labels[0] == "Reference" and all(cell.font.b for cell in header)
    assert {row[0].value for row in rows} == {"75-2026-000001", "75-2026-000002"}
    row = next(row for row in rows if row[0].value == "75-2026-000001")
    submitted, due, amount = (row[labels.index(name)] for name in ("Submitted", "Original due", "Amount, tenge"))
    assert isinstance(submitted.value, datetime) and submitted.is_date
    assert isinstance(due.value, datetime) and due.value.date() == queue[0].original_due
    assert due.number_format == "DD.MM.YYYY"
    assert amount.value == pytest.approx(1250000.50) and amount.number_format == "#,##0.00"
    assert row[labels.index("Debtor")].value == CYRILLIC


def test_the_queue_page_offers_the_exports_with_its_filters(client, almaty_staff, queue):
    client.force_login(almaty_staff)
    page = client.get(reverse("intake:staff_queue"), {"status": "submitted", "page": "1"}).content.decode()
    assert "?status=submitted&amp;export=csv" in page
    assert "?status=submitted&amp;export=xlsx" in page


def test_an_unknown_export_format_is_a_404(client, almaty_staff, queue):
    client.force_login(almaty_staff)
    assert client.get(reverse("intake:staff_queue"), {"export": "pdf"}).status_code == 404


def test_an_export_reads_the_rows_in_chunks_not_one_query_per_row(client, almaty_staff):
    for number in range(12):
        waiting(reference=f"75-2026-{number:06d}")
    client.force_login(almaty_staff)
    response = client.get(reverse("intake:staff_queue"), {"export": "csv"})
    with CaptureQueriesContext(connection) as queries:
        _header, *rows = csv_rows(response)
    assert len(rows) == 12
    assert len(queries) <= 2  # the select (PostgreSQL: declare and fetch), never a query per row


@override_settings(EXPORT_MAX_ROWS=2)
def test_an_export_stops_at_the_row_limit_and_says_so_in_the_last_row(client, almaty_staff):
    for number in range(3):
        waiting(reference=f"75-2026-{number:06d}")
    client.force_login(almaty_staff)
    _header, *rows = csv_rows(english(client, reverse("intake:staff_queue"), export="csv"))
    assert len(rows) == 3
    assert rows[-1] == ["The export stops at 2 rows: narrow the filters to export the rest."]
    _header, *cells = xlsx_rows(english(client, reverse("intake:staff_queue"), export="xlsx"))
    assert len(cells) == 3 and cells[-1][0].value.startswith("The export stops at 2 rows")


def test_text_that_looks_like_a_formula_stays_text(client, almaty_staff):
    waiting(reference="75-2026-000009", debtor_name="=HYPERLINK(\"http://evil\")")
    client.force_login(almaty_staff)
    header, *rows = csv_rows(english(client, reverse("intake:staff_queue"), export="csv"))
    assert rows[0][header.index("Debtor")] == "'=HYPERLINK(\"http://evil\")"
    header, *cells = xlsx_rows(english(client, reverse("intake:staff_queue"), export="xlsx"))
    debtor = cells[0][[cell.value for cell in header].index("Debtor")]
    assert debtor.data_type == "s" and debtor.value == "=HYPERLINK(\"http://evil\")"


# --- the bailiffs registry ----------------------------------------------------------------------------


@pytest.fixture
def registry():
    return [
        BailiffFactory(region=region("KZ-75"), full_name="Бекова Айгерим", licence_number="75-000101",
                       licence_date=date(2020, 5, 4)),
        BailiffFactory(region=region("KZ-75"), full_name="Сейтқали Данияр", licence_number="75-000102",
                       status="suspended"),
        BailiffFactory(region=region("KZ-71"), full_name="Омаров Ерлан", licence_number="71-000201"),
    ]


def test_the_regions_bailiffs_export_as_csv(client, almaty_staff, registry):
    client.force_login(almaty_staff)
    header, *rows = csv_rows(client.get(reverse("bailiffs:bailiff_list"), {"export": "csv"}))
    assert header[0] == russian("Full name")[0]
    assert [row[0] for row in rows] == ["Бекова Айгерим", "Сейтқали Данияр"]
    assert "04.05.2020" in rows[0]


def test_the_bailiffs_export_keeps_the_status_filter(client, almaty_staff, registry):
    client.force_login(almaty_staff)
    _header, *rows = csv_rows(client.get(reverse("bailiffs:bailiff_list"), {"export": "csv", "status": "suspended"}))
    assert [row[0] for row in rows] == ["Сейтқали Данияр"]


def test_the_bailiffs_export_as_xlsx_with_their_load(client, almaty_staff, registry):
    AssignedApplicationFactory()  # the rotation gives it to the first Almaty bailiff by registry order
    client.force_login(almaty_staff)
    header, *rows = xlsx_rows(english(client, reverse("bailiffs:bailiff_list"), export="xlsx"))
    labels = [cell.value for cell in header]
    assert [row[0].value for row in rows] == ["Бекова Айгерим", "Сейтқали Данияр"]
    open_cases = [row[labels.index("Open cases")].value for row in rows]
    assert open_cases == [1, 0] and all(isinstance(value, int) for value in open_cases)
    assert rows[0][labels.index("Licence date")].number_format == "DD.MM.YYYY"


# --- the distribution log -----------------------------------------------------------------------------


@pytest.fixture
def decisions():
    almaty = [BailiffFactory(region=region("KZ-75"), full_name=name) for name in ("Бекова А.", "Нұрланов Б.")]
    BailiffFactory(region=region("KZ-71"), full_name="Омаров Е.")
    cases = [AssignedApplicationFactory(region=region(code)) for code in ("KZ-75", "KZ-75", "KZ-71")]
    return almaty, cases


def test_the_regions_distribution_log_exports_as_csv(client, almaty_staff, decisions):
    _almaty, cases = decisions
    client.force_login(almaty_staff)
    header, *rows = csv_rows(english(client, reverse("assignment:log"), export="csv"))
    assert header[:5] == ["Time", "Application", "Region", "Reason", "Chosen bailiff"]
    assert sorted(row[1] for row in rows) == sorted([cases[0].reference, cases[1].reference])
    assert {row[2] for row in rows} == {"KZ-75"}
    assert {row[3] for row in rows} == {"New enforcement document"}
    assert {row[4] for row in rows} == {"Бекова А.", "Нұрланов Б."}


def test_the_log_export_keeps_the_bailiff_filter(client, almaty_staff, decisions):
    almaty, cases = decisions
    client.force_login(almaty_staff)
    _header, *rows = csv_rows(client.get(reverse("assignment:log"), {"export": "csv", "bailiff": almaty[1].pk}))
    assert [row[4] for row in rows] == ["Нұрланов Б."]


def test_the_distribution_log_exports_as_xlsx_with_almaty_times_as_dates(client, national_staff, decisions):
    client.force_login(national_staff)
    header, *rows = xlsx_rows(english(client, reverse("assignment:log"), export="xlsx"))
    assert len(rows) == 3
    assert isinstance(rows[0][0].value, datetime) and rows[0][0].number_format == "DD.MM.YYYY HH:MM"
    # Wall time in Almaty, not UTC: the cell has no time zone.
    assert abs(rows[0][0].value - timezone.localtime().replace(tzinfo=None)) < timedelta(minutes=5)


# --- the complaints queue -----------------------------------------------------------------------------


@pytest.fixture
def complaints():
    BailiffFactory(region=region("KZ-75"), full_name="Бекова А.")
    BailiffFactory(region=region("KZ-71"), full_name="Омаров Е.")
    lawyer = UserFactory(role="lawyer", username="lawyer.complaints")
    made = []
    for code, ground, status in (("KZ-75", "delay", "filed"), ("KZ-75", "inaction", "decided"),
                                 ("KZ-71", "delay", "filed")):
        case = AssignedApplicationFactory(region=region(code), lawyer=lawyer)
        made.append(Complaint.objects.create(
            application=case, bailiff=case.assigned_bailiff, region=case.region, filed_by=lawyer, ground=ground,
            description="Судебный исполнитель бездействует", status=status,
            due_on=timezone.localdate() + timedelta(days=10),
            outcome="no_breach" if status == "decided" else "",
        ))
    return lawyer, made


def test_the_complaints_export_has_the_regions_open_complaints_by_default(client, almaty_staff, complaints):
    _lawyer, made = complaints
    client.force_login(almaty_staff)
    header, *rows = csv_rows(english(client, reverse("complaints:complaint_list"), export="csv"))
    assert header[0] == "Case"
    assert [row[0] for row in rows] == [made[0].application.reference]  # open ones only, like the page
    assert rows[0][header.index("Bailiff")] == "Бекова А."


def test_the_complaints_export_keeps_the_status_filter(client, almaty_staff, complaints):
    _lawyer, made = complaints
    client.force_login(almaty_staff)
    header, *rows = xlsx_rows(english(client, reverse("complaints:complaint_list"), export="xlsx", status="any"))
    assert {row[0].value for row in rows} == {made[0].application.reference, made[1].application.reference}
    labels = [cell.value for cell in header]
    due = rows[0][labels.index("Decision due by")]
    assert isinstance(due.value, datetime) and due.number_format == "DD.MM.YYYY"


# --- who may export -----------------------------------------------------------------------------------

STAFF_LISTS = ["intake:staff_queue", "bailiffs:bailiff_list", "assignment:log", "complaints:complaint_list"]


@pytest.mark.parametrize("name", STAFF_LISTS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_lawyer_cannot_export_a_staff_list(client, lawyer, name, fmt):
    client.force_login(lawyer)
    assert client.get(reverse(name), {"export": fmt}).status_code == 404


@pytest.mark.parametrize("name", STAFF_LISTS)
def test_a_bailiff_cannot_export_a_staff_list(client, name):
    bailiff = BailiffFactory(region=region("KZ-75"))
    client.force_login(bailiff.user)
    assert client.get(reverse(name), {"export": "csv"}).status_code == 404


def test_a_lawyer_still_reads_his_complaints_page(client, complaints):
    lawyer, _made = complaints
    client.force_login(lawyer)
    page = client.get(reverse("complaints:complaint_list"))
    assert page.status_code == 200
    assert 'data-testid="export-links"' not in page.content.decode()
