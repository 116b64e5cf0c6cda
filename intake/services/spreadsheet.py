"""Spreadsheet filing (issue 14): check the rows (a Celery task, with progress), fix or drop rows, file the valid
ones as drafts, attach their decision scans from a ZIP, submit them together."""

import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.after_commit import task_after_commit
from chamber_portal.core.audit import audit_record
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import User

from .. import spreadsheet
from ..audit_events import IntakeEvent
from ..models import Application, DocumentType, ImportStatus, SpreadsheetImport, Status
from .batch import applications_save_drafts, applications_submit_many
from .common import NOT_YOURS
from .documents import document_attach

NOT_A_ZIP = _("This is not a ZIP archive of PDF files.")
NOT_CHECKED = _("The spreadsheet is still being checked.")
ALREADY_FILED = _("These rows are already filed as drafts.")
NOTHING_TO_FILE = _("No row is ready to file: correct the marked cells or drop the rows.")
ZIP_ENTRY_TOO_LARGE = _("Larger than the upload limit.")
PROGRESS_EVERY = 25


def _require_owner(sheet: SpreadsheetImport, by: User) -> None:
    if by is None or not by.is_authenticated or sheet.lawyer_id != by.pk:
        raise PermissionDenied(NOT_YOURS)


@transaction.atomic
def spreadsheet_import_start(*, lawyer: User, upload: UploadedFile) -> SpreadsheetImport:
    """Read the rows of an uploaded XLSX and queue their check; a file that cannot be read is a field error."""
    if lawyer is None or not lawyer.is_authenticated or not lawyer.is_lawyer:
        raise PermissionDenied(NOT_YOURS)
    try:
        rows = spreadsheet.read_rows(upload.read())
    except ValueError as error:
        raise ValidationError({"file": [str(error)]}) from error
    sheet = SpreadsheetImport.objects.create(lawyer=lawyer, original_name=upload.name[:255], rows=rows,
                                             total=len(rows))
    audit_record(actor=lawyer, obj=sheet, kind=IntakeEvent.SPREADSHEET_UPLOADED, data={"rows": len(rows)})
    _queue_check(sheet)
    return sheet


def _queue_check(sheet: SpreadsheetImport) -> None:
    from ..tasks import spreadsheet_check_task

    task_after_commit(spreadsheet_check_task, sheet.pk)


def spreadsheet_check(*, sheet_id: int) -> None:
    """Check every row not yet filed with the form's checks; progress is written as it goes (safe to run twice)."""
    sheet = SpreadsheetImport.objects.filter(pk=sheet_id, status=ImportStatus.CHECKING).first()
    if sheet is None:
        return
    lookups = spreadsheet.row_lookups()
    rows = sheet.rows
    for done, row in enumerate(rows, start=1):
        if not row.get("application") and not row.get("dropped"):
            row["problems"], row["notes"], _data = spreadsheet.check_row(row["values"], lawyer=sheet.lawyer,
                                                                         lookups=lookups)
        if done % PROGRESS_EVERY == 0:
            SpreadsheetImport.objects.filter(pk=sheet.pk).update(checked=done)
    status = ImportStatus.FILED if any(row.get("application") for row in rows) else ImportStatus.CHECKED
    with transaction.atomic():
        # Only the run that ends the check moves the sheet and writes its event (a second run finds it moved).
        if SpreadsheetImport.objects.filter(pk=sheet.pk, status=ImportStatus.CHECKING).update(
                rows=rows, checked=len(rows), status=status):
            problems = sum(1 for row in rows if row.get("problems") and not row.get("dropped"))
            audit_record(actor=None, obj=sheet, kind=IntakeEvent.SPREADSHEET_CHECKED, before=ImportStatus.CHECKING,
                         after=status, data={"rows": len(rows), "with_problems": problems})


@transaction.atomic
def spreadsheet_rows_update(*, sheet: SpreadsheetImport, by: User, edits: dict[int, dict[str, str]],
                            dropped: set[int]) -> SpreadsheetImport:
    """Keep the lawyer's corrections and dropped rows (by sheet row number) and check the rows again."""
    sheet = SpreadsheetImport.objects.select_for_update().get(pk=sheet.pk)
    _require_owner(sheet, by)
    if sheet.status == ImportStatus.CHECKING:
        raise TransitionError(NOT_CHECKED, code="not_checked")
    for row in sheet.rows:
        if row.get("application"):
            continue
        row["dropped"] = row["row"] in dropped
        for field, text in edits.get(row["row"], {}).items():
            if field in row["values"]:
                row["values"][field] = (text or "").strip()
    sheet.status, sheet.checked = ImportStatus.CHECKING, 0
    sheet.save(update_fields=["rows", "status", "checked", "updated_at"])
    audit_record(actor=by, obj=sheet, kind=IntakeEvent.SPREADSHEET_CORRECTED,
                 data={"edited": sorted(edits), "dropped": sorted(dropped)})
    _queue_check(sheet)
    return sheet


@transaction.atomic
def spreadsheet_file(*, sheet: SpreadsheetImport, by: User) -> list[Application]:
    """File every valid row that is not dropped as a draft, all in one transaction (checked again first)."""
    sheet = SpreadsheetImport.objects.select_for_update().get(pk=sheet.pk)
    _require_owner(sheet, by)
    if sheet.status == ImportStatus.CHECKING:
        raise TransitionError(NOT_CHECKED, code="not_checked")
    lookups = spreadsheet.row_lookups()
    ready = []
    for row in sheet.rows:
        if row.get("application") or row.get("dropped"):
            continue
        row["problems"], row["notes"], data = spreadsheet.check_row(row["values"], lawyer=by, lookups=lookups)
        if data is not None:
            ready.append((row, data))
    if not ready:
        sheet.save(update_fields=["rows", "updated_at"])
        raise TransitionError(NOTHING_TO_FILE, code="nothing_to_file")
    drafts = applications_save_drafts(lawyer=by, items=[data for _row, data in ready])
    for (row, _data), draft in zip(ready, drafts, strict=True):
        row["application"] = draft.pk
    sheet.status = ImportStatus.FILED
    sheet.save(update_fields=["rows", "status", "updated_at"])
    audit_record(actor=by, obj=sheet, kind=IntakeEvent.SPREADSHEET_FILED, data={"drafts": [d.pk for d in drafts]})
    return drafts


def _drafts_of(sheet: SpreadsheetImport) -> list[Application]:
    ids = [row["application"] for row in sheet.rows if row.get("application")]
    return list(Application.objects.filter(pk__in=ids, lawyer_id=sheet.lawyer_id).order_by("id"))


def spreadsheet_attach_scans(*, sheet: SpreadsheetImport, by: User, archive: UploadedFile) -> dict:
    """Attach each PDF of the ZIP as the decision scan of the draft whose document number its name carries.

    Answers {"attached": [(name, draft)], "unmatched": [name], "refused": [(name, message)]}; each attachment is
    its own transaction (document_attach), so one bad PDF does not hold back the others."""
    _require_owner(sheet, by)
    drafts = {draft.document_number.upper(): draft for draft in _drafts_of(sheet) if draft.status == Status.DRAFT}
    outcome = {"attached": [], "unmatched": [], "refused": []}
    try:
        bundle = zipfile.ZipFile(archive)
        entries = [info for info in bundle.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError) as error:
        raise ValidationError({"archive": [NOT_A_ZIP]}) from error
    for info in entries:
        name = info.filename.rsplit("/", 1)[-1]
        if name.startswith(".") or info.filename.startswith("__MACOSX/"):
            continue
        number = spreadsheet.scan_name_matches(name, set(drafts))
        if number is None:
            outcome["unmatched"].append(name)
            continue
        if info.file_size > settings.INTAKE_UPLOAD_MAX_BYTES:  # judged before reading: no ZIP bomb is inflated
            outcome["refused"].append((name, str(ZIP_ENTRY_TOO_LARGE)))
            continue
        upload = SimpleUploadedFile(name, bundle.read(info), content_type="application/pdf")
        try:
            document_attach(application=drafts[number], kind=DocumentType.DECISION_SCAN, file=upload, by=by)
        except ValidationError as error:
            outcome["refused"].append((name, " ".join(error.messages)))
            continue
        outcome["attached"].append((name, drafts[number]))
    return outcome


def spreadsheet_submit(*, sheet: SpreadsheetImport, by: User) -> dict[int, Application | Exception]:
    """Submit the sheet's drafts together, each on its own; answers per draft id the outcome."""
    _require_owner(sheet, by)
    drafts = [draft for draft in _drafts_of(sheet) if draft.status == Status.DRAFT]
    return {draft.pk: outcome for draft, outcome in
            zip(drafts, applications_submit_many(applications=drafts, by=by), strict=True)}
