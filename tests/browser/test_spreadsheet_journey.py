"""Filing from a spreadsheet in Chromium (issue 14): a lawyer downloads the template, fills it with openpyxl (a few
rows with mistakes), sees every problem at its cell, corrects one row and drops two, files the valid rows as drafts,
attaches their decision scans as one ZIP and submits them together; then reads a page of the change feed.

Screenshots and the feed page go to test-artifacts/ (bulk-1-preview-errors.png, bulk-2-result.png,
bulk-3-feed.json)."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from chamber_portal.core.iin import BAD_CHECK_DIGIT
from intake.checks import REQUIRED
from intake.models import Application, Status
from intake.services.drafts import EDITABLE_FIELDS
from intake.services.powers import power_of_attorney_upload
from tests.factories import VALID_BIN, UserFactory, pdf_bytes, pdf_upload
from tests.support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WRONG_BIN = "940140000386"  # the check digit is off by one


def _filled(template: bytes) -> bytes:
    """The downloaded template with five rows under its example: two right, three with mistakes."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    example = dict(zip(EDITABLE_FIELDS, [cell.value for cell in sheet[2]], strict=True))

    def row(number: str, **changes):
        values = {**example, "document_number": number, "court_case_number": f"7585-24-00-2/{number[-3:]}",
                  **changes}
        sheet.append([values[field] for field in EDITABLE_FIELDS])

    row("ИЛ-0000201")                                                      # sheet row 3
    row("ИЛ-0000202", creditor_iin_bin=WRONG_BIN, court_name="")           # row 4: corrected below
    row("ИЛ-0000203", decision_date="не дата")                             # row 5: dropped
    row("ИЛ-0000204", debtor_name="Петров Пётр Петрович")                  # row 6
    row("ИЛ-0000205", amount_kzt="много")                                   # row 7: dropped
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _scans(path, numbers) -> None:
    with zipfile.ZipFile(path, "w") as bundle:
        for number in numbers:
            bundle.writestr(f"{number}.pdf", pdf_bytes(f"Court decision {number}"))


def _wait_for_preview(page) -> None:
    """The check runs as a task; the progress page reloads itself into the preview when it is done."""
    page.locator("[data-summary]").wait_for()


def test_a_lawyer_files_a_spreadsheet_with_mistakes_fixes_it_and_submits_with_the_scans(
        browser_page, live_server, artifacts_dir, tmp_path, settings):
    settings.EVENTS_FEED_SETTLE_SECONDS = 0
    base, page = live_server.url, browser_page
    lawyer = UserFactory(role="lawyer", username="bank-lawyer", full_name="Айгерим Сапарова")
    # The bank's standing power of attorney: its applications need no power-of-attorney upload.
    power_of_attorney_upload(lawyer=lawyer, creditor_iin_bin=VALID_BIN, file=pdf_upload("poa.pdf"),
                             valid_until=timezone.localdate() + timedelta(days=180))
    log_in(page, base, "bank-lawyer")

    # 1. The template, downloaded from the page, filled in as a bank's clerk would.
    page.goto(f"{base}/applications/spreadsheet/")
    with page.expect_download() as download:
        page.locator("a[href$='template.xlsx']").click()
    workbook = tmp_path / "bank.xlsx"
    workbook.write_bytes(_filled(download.value.path().read_bytes()))

    # 2. Upload: every row checked, each problem at its cell.
    page.locator("#id_file").set_input_files(str(workbook))
    page.locator("main form[enctype] button[type=submit]").click()
    _wait_for_preview(page)
    assert page.locator("#spreadsheet-problems").is_visible()
    for cell in ("err-4-creditor_iin_bin", "err-4-court_name", "err-5-decision_date", "err-7-amount_kzt"):
        assert page.locator(f"#{cell}").is_visible(), cell
    assert str(BAD_CHECK_DIGIT) in page.locator("#err-4-creditor_iin_bin").inner_text()
    assert str(REQUIRED) in page.locator("#err-4-court_name").inner_text()
    assert page.locator("#row-3 .is-invalid").count() == 0 and page.locator("#row-6 .is-invalid").count() == 0
    assert page.locator("input[name='cell-4-creditor_iin_bin']").get_attribute("aria-invalid") == "true"
    # Each cell under its column's header, in the template's order.
    assert [c.get_attribute("data-cell") for c in page.locator("#row-3 td[data-cell]").all()] == EDITABLE_FIELDS
    assert page.locator("#row-6 td[data-cell='debtor_name'] input").input_value() == "Петров Пётр Петрович"
    page.locator("#row-4").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "bulk-1-preview-errors.png"), full_page=True)

    # 3. Correct row 4, drop rows 5 and 7, check again: three rows are ready.
    page.locator("input[name='cell-4-creditor_iin_bin']").fill(VALID_BIN)
    page.locator("input[name='cell-4-court_name']").fill("Медеуский районный суд г. Алматы")
    page.locator("input[name='drop'][value='5']").check()
    page.locator("input[name='drop'][value='7']").check()
    page.locator("button[form='rows-form']").click()
    _wait_for_preview(page)
    assert page.locator("#spreadsheet-problems").count() == 0
    assert page.locator("[data-file-valid]").is_visible()

    # 4. File the valid rows as drafts, attach their scans as one ZIP, submit them together.
    page.locator("[data-file-valid]").click()
    page.locator("[data-submit-all]").wait_for()
    drafts = Application.objects.filter(lawyer=lawyer)
    assert sorted(drafts.values_list("document_number", flat=True)) == ["ИЛ-0000201", "ИЛ-0000202", "ИЛ-0000204"]
    scans = tmp_path / "scans.zip"
    _scans(scans, ["ИЛ-0000201", "ИЛ-0000202", "ИЛ-0000204"])
    page.locator("#id_archive").set_input_files(str(scans))
    page.locator("form[action$='/scans/'] button[type=submit]").click()
    page.locator("[data-submit-all]").wait_for()
    assert all(d.documents.filter(kind="decision_scan").exists() for d in drafts)
    page.locator("[data-submit-all]").click()
    _wait_for_preview(page)
    submitted = list(Application.objects.filter(lawyer=lawyer).order_by("document_number"))
    assert [a.status for a in submitted] == [Status.SUBMITTED] * 3
    for application in submitted:
        assert page.locator(f"a:has-text('{application.reference}')").is_visible()
    page.screenshot(path=str(artifacts_dir / "bulk-2-result.png"), full_page=True)

    # 5. A page of the change feed, as the bank's script reads it (the browser's session stands for its token).
    first = page.request.get(f"{base}/api/v1/events/?after=0&page_size=4", headers={"Accept": "application/json"})
    assert first.status == 200
    body = first.json()
    assert len(body["results"]) == 4 and body["next"]
    rest = page.request.get(body["next"], headers={"Accept": "application/json"}).json()
    events = body["results"] + rest["results"]
    assert sorted(e["application"] for e in events if e["to"] == "submitted") == [a.pk for a in submitted]
    assert [e["id"] for e in events] == sorted(e["id"] for e in events)
    (artifacts_dir / "bulk-3-feed.json").write_text(json.dumps({
        "request": "GET /api/v1/events/?after=0&page_size=4", "response": body,
        "then": f"GET {body['next'].removeprefix(base)}", "next_response": rest,
    }, ensure_ascii=False, indent=2), encoding="utf-8")
