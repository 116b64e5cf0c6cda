"""Staff lists as CSV or XLSX (issue 8): `?export=csv` or `?export=xlsx` on the list's own URL.

A list view passes the queryset its page shows (the same selector, the same filters), the columns and a base
name; `export_response` streams the rows out. Memory stays flat however long the list: the rows come from
`.iterator(chunk_size=…)`, CSV is written as it is read, and XLSX goes through openpyxl's write-only workbook
into a temporary file.

CSV is comma-separated, UTF-8 with a BOM. The comma is RFC 4180's, the separator every import tool expects by
default; money is written with a decimal point, as a program reads it. A semicolon would only have helped
Russian-locale Excel on a double click, and Excel users have the XLSX, which carries real dates and numbers.
"""

from __future__ import annotations

import csv
import itertools
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = ("csv", "xlsx")
CHUNK_SIZE = 2000
DEFAULT_MAX_ROWS = 100_000

DATE_FORMAT = "%d.%m.%Y"
DATETIME_FORMAT = "%d.%m.%Y %H:%M"
XLSX_DATE = "DD.MM.YYYY"
XLSX_DATETIME = "DD.MM.YYYY HH:MM"
XLSX_MONEY = "#,##0.00"
XLSX_INTEGER = "0"
# A spreadsheet runs a text cell starting with these as a formula (CSV injection): user-typed text is
# defused with a leading apostrophe in CSV, and written as a plain string cell in XLSX.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """A column of an export: its header (translated when the file is written) and how to read a row.

    `width` (characters, XLSX only) defaults to what the header and the value kind need."""

    label: object
    get: Callable[[object], object]
    width: int | None = None


def export_format(request) -> str | None:
    """The format asked for with `?export=`, or None for the page itself; an unknown format is a 404."""
    value = request.GET.get("export")
    if value is None:
        return None
    if value not in FORMATS:
        raise Http404
    return value


def page_query(request) -> str:
    """The list's query string without the page number or an export: what the export links keep."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return query.urlencode()


def max_rows() -> int:
    return getattr(settings, "EXPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def export_response(
    rows: Iterable, columns: Sequence[Column | tuple], *, base_name: str, fmt: str, title: object = ""
):
    """The rows as a download: a StreamingHttpResponse (CSV) or a FileResponse over a temporary file (XLSX).

    `rows` is best a QuerySet (read in chunks of CHUNK_SIZE, with whatever select_related its columns need);
    any iterable works. At most EXPORT_MAX_ROWS rows are written; if there were more, the last row says so.
    Headers and values are written in the language active now (the request's)."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format: {fmt}")
    columns = [column if isinstance(column, Column) else Column(*column) for column in columns]
    filename = f"{base_name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    limit = max_rows()
    language = translation.get_language()
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_stream(_limited(rows, limit), columns, limit, language), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
        return response
    handle = _xlsx_file(_limited(rows, limit), columns, limit, str(title or base_name))
    return FileResponse(
        handle, as_attachment=True, filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _limited(rows: Iterable, limit: int) -> Iterator:
    """One row more than the limit, so the writer knows whether the list was cut."""
    if isinstance(rows, QuerySet):
        return rows[: limit + 1].iterator(chunk_size=CHUNK_SIZE)
    return itertools.islice(rows, limit + 1)


def _cut_notice(limit: int) -> str:
    return _("The export stops at %(limit)s rows: narrow the filters to export the rest.") % {"limit": limit}


# --- CSV ----------------------------------------------------------------------------------------------


class _Echo:
    """The file-like object csv.writer needs, handing each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime(DATETIME_FORMAT) if timezone.is_aware(value) \
            else value.strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _csv_stream(rows: Iterator, columns: list[Column], limit: int, language: str | None) -> Iterator[str]:
    # The body is produced after the view has returned: keep the request's language for the values.
    with translation.override(language):
        writer = csv.writer(_Echo())
        yield "\ufeff" + writer.writerow([str(column.label) for column in columns])
        for number, row in enumerate(rows, start=1):
            if number > limit:
                yield writer.writerow([_cut_notice(limit)])
                break
            yield writer.writerow([_csv_value(column.get(row)) for column in columns])


# --- XLSX ---------------------------------------------------------------------------------------------


def sheet_title(text: object) -> str:
    """A valid worksheet name: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in str(text)).strip()
    return (cleaned or "Sheet")[:31]


def xlsx_cell(sheet, value, *, bold: bool = False):
    """A typed write-only cell: dates as dates, money with 2 decimals, text as text (never a formula)."""
    if isinstance(value, bool):
        value = _("Yes") if value else _("No")
    elif isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.make_naive(value)  # a spreadsheet has no time zones: Asia/Almaty wall time
    elif value is not None and not isinstance(value, (date, Decimal, int, float)):
        value = str(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime):
        cell.number_format = XLSX_DATETIME
    elif isinstance(value, date):
        cell.number_format = XLSX_DATE
    elif isinstance(value, Decimal):
        cell.number_format = XLSX_MONEY
    elif isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_header(sheet, labels: Iterable) -> list:
    return [xlsx_cell(sheet, str(label), bold=True) for label in labels]


def set_widths(sheet, widths: Iterable[int]) -> None:
    """Column widths; in a write-only sheet they must be set before the first row."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _width(column: Column) -> int:
    if column.width:
        return column.width
    return max(len(str(column.label)) + 2, 14)


def _xlsx_file(rows: Iterator, columns: list[Column], limit: int, title: str):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    set_widths(sheet, [_width(column) for column in columns])
    sheet.freeze_panes = "A2"
    sheet.append(xlsx_header(sheet, (column.label for column in columns)))
    for number, row in enumerate(rows, start=1):
        if number > limit:
            sheet.append([xlsx_cell(sheet, _cut_notice(limit), bold=True)])
            break
        sheet.append([xlsx_cell(sheet, column.get(row)) for column in columns])
    return save_workbook(workbook)


def save_workbook(workbook):
    """The workbook in a temporary file, rewound: FileResponse streams it and closes (so deletes) it."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (the response closes it once sent)
    try:
        workbook.save(handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return handle
