"""Filing from a spreadsheet on the web (issue 14), through the real HTTP client."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from chamber_portal.core.iin import BAD_CHECK_DIGIT
from intake import spreadsheet
from intake.checks import REQUIRED
from intake.models import Application, ImportStatus, SpreadsheetImport, Status
from intake.services.drafts import EDITABLE_FIELDS
from tests.factories import VALID_BIN, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def lawyer_client(client, lawyer):
    client.force_login(lawyer)
    return client


def _row(**overrides) -> list[str]:
    values = {c.field: c.example for c in spreadsheet.columns()}
    values.update(overrides)
    return [values[field] for field in EDITABLE_FIELDS]


def _xlsx(rows, *, keep_example=True) -> SimpleUploadedFile:
    book = load_workbook(io.BytesIO(spreadsheet.template_workbook()))
    sheet = book.worksheets[0]
    if not keep_example:
        sheet.delete_rows(2)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("bank.xlsx", buffer.getvalue())


def _upload(client, capture, upload):
    with capture(execute=True):
        return client.post(reverse("intake:spreadsheet_start"), {"file": upload})


def test_the_template_is_in_the_users_language_with_columns_meaning_and_an_example(lawyer_client):
    response = lawyer_client.get(reverse("intake:spreadsheet_template"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in book.worksheets[0][1]]
    assert header[0] == "Category" and "Claimant: IIN/BIN" in header
    assert book.worksheets[0]["A2"].value == "private_claim"
    guide = [[cell.value for cell in row] for row in book.worksheets[1].iter_rows(min_row=2, max_row=3)]
    assert guide[0][0] == "Category" and "private_claim" in guide[0][1]
    ru = lawyer_client.get(reverse("intake:spreadsheet_template"), HTTP_ACCEPT_LANGUAGE="ru")
    assert load_workbook(io.BytesIO(ru.content)).worksheets[0]["A1"].value != "Category"


def test_a_spreadsheet_shows_each_rows_problems_at_their_cells_then_files_takes_scans_and_submits(
        lawyer_client, lawyer, django_capture_on_commit_callbacks):
    rows = [
        _row(document_number="ИЛ-0000001"),
        _row(document_number="ИЛ-0000002", creditor_iin_bin="940140000386", court_name=""),
        _row(document_number="ИЛ-0000003", decision_date="не дата"),
    ]
    response = _upload(lawyer_client, django_capture_on_commit_callbacks, _xlsx(rows))
    sheet = SpreadsheetImport.objects.get(lawyer=lawyer)
    assert response.status_code == 302 and sheet.status == ImportStatus.CHECKED and sheet.total == 3
    page = lawyer_client.get(reverse("intake:spreadsheet_detail", args=[sheet.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="err-4-creditor_iin_bin"' in html and str(BAD_CHECK_DIGIT) in html
    assert 'id="err-4-court_name"' in html and str(REQUIRED) in html
    assert 'id="err-5-decision_date"' in html
    assert 'id="err-3-' not in html
    assert 'name="cell-4-creditor_iin_bin" value="940140000386"' in html

    # Fix row 4, drop row 5, check again.
    with django_capture_on_commit_callbacks(execute=True):
        lawyer_client.post(reverse("intake:spreadsheet_rows", args=[sheet.pk]),
                           {"cell-4-creditor_iin_bin": VALID_BIN, "cell-4-court_name": "Медеуский районный суд",
                            "drop": ["5"]})
    sheet.refresh_from_db()
    assert [bool(r["problems"]) for r in sheet.rows] == [False, False, True]
    assert sheet.rows[2]["dropped"]

    lawyer_client.post(reverse("intake:spreadsheet_file", args=[sheet.pk]))
    drafts = Application.objects.filter(lawyer=lawyer).order_by("document_number")
    assert [(d.document_number, d.status) for d in drafts] == [("ИЛ-0000001", "draft"), ("ИЛ-0000002", "draft")]

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("ИЛ-0000001.pdf", pdf_bytes())
        bundle.writestr("scans/решение ИЛ-0000002.pdf", pdf_bytes())
        bundle.writestr("ИЛ-9999999.pdf", pdf_bytes())
    archive.seek(0)
    lawyer_client.post(reverse("intake:spreadsheet_scans", args=[sheet.pk]),
                       {"archive": SimpleUploadedFile("scans.zip", archive.getvalue())})
    assert all(d.documents.filter(kind="decision_scan").exists() for d in drafts)
    for draft in drafts:  # the demo lawyer has no standing power of attorney: one each
        draft.documents.create(kind="power_of_attorney", file=SimpleUploadedFile("p.pdf", pdf_bytes()),
                               original_name="p.pdf", size=1, uploaded_by=lawyer)
    lawyer_client.post(reverse("intake:spreadsheet_submit", args=[sheet.pk]))
    assert set(Application.objects.filter(lawyer=lawyer).values_list("status", flat=True)) == {Status.SUBMITTED}
    result = lawyer_client.get(reverse("intake:spreadsheet_detail", args=[sheet.pk])).content.decode()
    assert Application.objects.filter(lawyer=lawyer).first().reference in result


def test_an_unchanged_example_row_is_skipped_and_a_file_that_is_not_xlsx_is_refused(
        lawyer_client, lawyer, django_capture_on_commit_callbacks):
    response = _upload(lawyer_client, django_capture_on_commit_callbacks, _xlsx([]))
    assert response.status_code == 200
    assert str(spreadsheet.FILE_EMPTY_SHEET) in response.content.decode()
    response = _upload(lawyer_client, django_capture_on_commit_callbacks,
                       SimpleUploadedFile("x.xlsx", b"not a spreadsheet"))
    assert str(spreadsheet.FILE_NOT_XLSX) in response.content.decode()
    assert not SpreadsheetImport.objects.exists()


def test_a_big_file_shows_a_progress_bar_until_checked(lawyer_client, lawyer):
    sheet = SpreadsheetImport.objects.create(lawyer=lawyer, original_name="big.xlsx", total=1000, checked=250,
                                             rows=[{"row": 2, "values": dict.fromkeys(EDITABLE_FIELDS, "")}])
    page = lawyer_client.get(reverse("intake:spreadsheet_detail", args=[sheet.pk])).content.decode()
    assert '<progress id="spreadsheet-progress"' in page and 'value="250"' in page
    assert "js/spreadsheet-progress.js" in page and "<script>" not in page
    state = lawyer_client.get(reverse("intake:spreadsheet_progress", args=[sheet.pk])).json()
    assert state == {"status": "checking", "checked": 250, "total": 1000, "done": False}


def test_another_lawyers_spreadsheet_is_a_404(client, lawyer):
    from tests.factories import UserFactory

    sheet = SpreadsheetImport.objects.create(lawyer=lawyer, original_name="a.xlsx", status=ImportStatus.CHECKED)
    client.force_login(UserFactory(role="lawyer"))
    assert client.get(reverse("intake:spreadsheet_detail", args=[sheet.pk])).status_code == 404
    assert client.post(reverse("intake:spreadsheet_file", args=[sheet.pk])).status_code == 404


def test_the_preview_shows_each_cell_under_its_column_in_the_templates_order(
        lawyer_client, lawyer, django_capture_on_commit_callbacks):
    """The row's values are kept in a JSON column, whose key order PostgreSQL does not keep."""
    _upload(lawyer_client, django_capture_on_commit_callbacks, _xlsx([_row(document_number="ИЛ-0000009")]))
    sheet = SpreadsheetImport.objects.get(lawyer=lawyer)
    html = lawyer_client.get(reverse("intake:spreadsheet_detail", args=[sheet.pk])).content.decode()
    assert re.findall(r'<td data-cell="(\w+)"', html) == EDITABLE_FIELDS
