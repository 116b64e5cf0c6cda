"""Spreadsheet filing (issue 14): the XLSX template in the user's language, and each row read and checked with
the same checks as the web form (ApplicationForm for what was typed, then intake_problems for the rules)."""

import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from chamber_portal.core.models import Region

from .checks import DOCUMENT_MISSING, intake_problems
from .forms import ApplicationForm
from .models import AlimonyBasis, Application, Category, DocumentKind, DocumentType, PartyKind
from .services.drafts import EDITABLE_FIELDS, _clean

FILE_NOT_XLSX = _("This is not an XLSX spreadsheet: download the template and fill it in.")
FILE_EMPTY_SHEET = _("The spreadsheet has no rows of applications below its header.")
TOO_MANY_ROWS = _("The spreadsheet has more than %(limit)s rows: split it into several files.")
NOT_A_CHOICE = _("Not one of: %(choices)s.")
NOT_YES_NO = _("Write yes or no.")
DECISION_SCAN_LATER = _("The decision scan is attached after filing, from a ZIP of PDFs named by document number.")
MAX_ROWS = 5000

YES = {"1", "yes", "y", "true", "да", "д", "иә", "ия", "+", "x", "✓"}
NO = {"", "0", "no", "n", "false", "нет", "н", "жоқ", "-"}
BOOLEAN_FIELDS = {"housing_involved", "sole_dwelling", "minors_present"}
CHOICE_FIELDS = {"category": Category, "creditor_kind": PartyKind, "debtor_kind": PartyKind,
                 "alimony_basis": AlimonyBasis}
DATE_FIELDS = {"decision_date", "decision_effective_date", "document_issued_at", "previous_enforcement_ended_on"}


@dataclass(frozen=True)
class Column:
    field: str
    meaning: str
    example: str


def _example_day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def columns() -> list[Column]:
    """The template's columns, in the order of the web form, with what each means and an example."""
    meanings = {
        "category": _("Code of the category: %(codes)s.") % {"codes": ", ".join(Category.values)},
        "region": _("Code of the enforcement district, e.g. KZ-75 (Almaty)."),
        "creditor_kind": _("individual, legal_entity or state."),
        "debtor_kind": _("individual, legal_entity or state."),
        "document_kind": _("Code of the kind: %(codes)s.") % {
            "codes": ", ".join(DocumentKind.objects.values_list("code", flat=True))},
        "alimony_basis": _("For alimony: fixed_sum or share_of_income."),
        "housing_involved": _("yes or no."),
        "sole_dwelling": _("yes or no."),
        "minors_present": _("yes or no."),
    }
    examples = {
        "category": "private_claim", "region": "KZ-75", "creditor_kind": "legal_entity",
        "creditor_name": "ТОО «Кредитор»", "creditor_iin_bin": "940140000385", "debtor_kind": "individual",
        "debtor_name": "Иванов Иван Иванович", "debtor_iin_bin": "791028302728",
        "debtor_address": "г. Алматы, ул. Абая, 1", "court_name": "Медеуский районный суд г. Алматы",
        "court_case_number": "7585-24-00-2/101", "decision_date": _example_day(90),
        "decision_effective_date": _example_day(60), "document_kind": "writ", "document_number": "ИЛ-0000100",
        "document_issued_at": _example_day(50), "amount_kzt": "1250000.00", "housing_involved": "no",
        "sole_dwelling": "no", "minors_present": "no",
    }
    form = ApplicationForm()
    result = []
    for field in EDITABLE_FIELDS:
        help_text = form.fields[field].help_text
        meaning = meanings.get(field) or help_text or ""
        result.append(Column(field, str(meaning), str(examples.get(field, ""))))
    return result


def label(field: str) -> str:
    text = str(Application._meta.get_field(field).verbose_name)
    return text[:1].upper() + text[1:]


def template_workbook() -> bytes:
    """The XLSX to fill in: the applications sheet (header and an example row) and a sheet of what each column means."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Applications"))[:31]
    cols = columns()
    sheet.append([label(c.field) for c in cols])
    sheet.append([c.example for c in cols])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="666666")
    for index, _col in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 22
    sheet.freeze_panes = "A2"
    guide = book.create_sheet(str(_("Columns"))[:31])
    guide.append([str(_("Column")), str(_("Meaning")), str(_("Example"))])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for col in cols:
        guide.append([label(col.field), col.meaning, col.example])
    guide.append([])
    guide.append([str(_("The example row (row 2) is skipped while it is left unchanged. Dates as YYYY-MM-DD or "
                        "DD.MM.YYYY. The decision scans are attached after filing, as a ZIP of PDFs each named by "
                        "its document number, e.g. ИЛ-0000100.pdf."))])
    for letter, width in (("A", 34), ("B", 80), ("C", 30)):
        guide.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal | float | int):
        return str(value)
    return str(value).strip()


def read_rows(content: bytes) -> list[dict]:
    """[{"row": n, "values": {field: text}}] of the first sheet, the header and an unchanged example row skipped.

    Raises ValueError with the message to show when the file cannot be read."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not an XLSX
        raise ValueError(str(FILE_NOT_XLSX)) from error
    sheet = book.worksheets[0]
    example = [c.example for c in columns()]
    rows = []
    for number, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        texts = [_text(value) for value in cells[: len(EDITABLE_FIELDS)]]
        texts += [""] * (len(EDITABLE_FIELDS) - len(texts))
        if not any(texts) or (number == 2 and texts == example):
            continue
        rows.append({"row": number, "values": dict(zip(EDITABLE_FIELDS, texts, strict=True))})
        if len(rows) > MAX_ROWS:
            raise ValueError(str(TOO_MANY_ROWS % {"limit": MAX_ROWS}))
    book.close()
    if not rows:
        raise ValueError(str(FILE_EMPTY_SHEET))
    return rows


class _Lookups:
    """Codes of regions and document kinds, read once per file."""

    def __init__(self):
        self.regions = {code.upper(): pk for pk, code in Region.objects.values_list("pk", "code")}
        self.kinds = {code.lower(): pk for pk, code in DocumentKind.objects.values_list("pk", "code")}


def _form_data(values: dict, lookups: _Lookups) -> tuple[dict, dict]:
    """What the web form would receive for these cells, and the cells that cannot be read as such."""
    data, problems = {}, {}
    for field, text in values.items():
        if field in BOOLEAN_FIELDS:
            if text.lower() in YES:
                data[field] = "on"
            elif text.lower() not in NO:
                problems[field] = [str(NOT_YES_NO)]
        elif field in CHOICE_FIELDS and text:
            choices = CHOICE_FIELDS[field]
            by_label = {str(label_).lower(): value for value, label_ in choices.choices}
            data[field] = text if text in choices.values else by_label.get(text.lower(), text)
            if data[field] not in choices.values:
                problems[field] = [str(NOT_A_CHOICE % {"choices": ", ".join(choices.values)})]
        elif field == "region" and text:
            data[field] = lookups.regions.get(text.upper(), "")
            if not data[field]:
                problems[field] = [str(NOT_A_CHOICE % {"choices": "KZ-75, KZ-71, …"})]
        elif field == "document_kind" and text:
            data[field] = lookups.kinds.get(text.lower(), "")
            if not data[field]:
                problems[field] = [str(NOT_A_CHOICE % {"choices": ", ".join(lookups.kinds)})]
        elif field in DATE_FIELDS and re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text):
            day, month, year = text.split(".")
            data[field] = f"{year}-{int(month):02d}-{int(day):02d}"
        elif field == "amount_kzt":
            data[field] = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
        else:
            data[field] = text
    return data, problems


def check_row(values: dict, *, lawyer, lookups: _Lookups | None = None) -> tuple[dict, list[str], dict | None]:
    """(problems at their cells, notes for the row, the draft's data or None): the form's own validation of what
    was typed, then every intake check of submission except the decision scan, which comes later from a ZIP.
    A missing power of attorney is a note, not a problem: the row is filed and the draft waits for it."""
    lookups = lookups or _Lookups()
    data, problems = _form_data(values, lookups)
    form = ApplicationForm({k: v for k, v in data.items() if k not in problems})
    if not form.is_valid():
        for field, messages in form.errors.items():
            problems.setdefault(field, []).extend(str(m) for m in messages)
    if problems:
        return problems, [], None
    cleaned = {field: form.cleaned_data[field] for field in EDITABLE_FIELDS}
    application = Application(lawyer=lawyer)
    for field, value in cleaned.items():
        setattr(application, field, _clean(field, value))
    notes = []
    for field, messages in intake_problems(application).items():
        if field == f"document_{DocumentType.DECISION_SCAN}":
            continue
        if field.startswith("document_") and field != "document_kind" and field != "document_number" \
                and field not in EDITABLE_FIELDS:
            notes.extend(messages)
        else:
            problems.setdefault(field, []).extend(messages)
    return problems, notes, (None if problems else cleaned)


def row_lookups() -> _Lookups:
    return _Lookups()


def scan_name_matches(name: str, numbers: set[str]) -> str | None:
    """The document number a ZIP entry's file name carries: the whole name, else the longest number in it."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0].strip().upper()
    if stem in numbers:
        return stem
    found = [n for n in numbers if re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", stem)]
    return max(found, key=len) if found else None


# The message a row shows when only the decision scan is missing: not a problem before filing.
DOCUMENT_LATER = {DocumentType.DECISION_SCAN: DECISION_SCAN_LATER, **DOCUMENT_MISSING}
