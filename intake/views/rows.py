"""The rows of the lawyer's list and the staff queue, as the templates show them (issue 15).

A page reads its 25–50 rows with .values() (no model instances, no related objects) and turns each into a dict of
ready text. The same status, category, region and date recur down a page, so each is put into words once per
request (`RowText`): a model's get_status_display() hashes every lazy label of its choices at each call, and the
|date filter and {% url %} cost as much per row. Each row's markup is written here, in one format_html, rather
than by the template's eight or ten nodes per row (the template engine's node walk was most of what remained).
"""

from typing import NamedTuple

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..models import Category, Status
from ..next_steps import next_step_of
from ..templatetags.intake_tags import status_badge_html

REGION_NAMES = ("region__code", "region__name_ru", "region__name_kk", "region__name_en")
LAWYER_COLUMNS = ("id", "reference", "status", "category", "debtor_name", "submitted_at", *REGION_NAMES)
QUEUE_COLUMNS = ("id", "reference", "status", "debtor_name", "submitted_at", "original_due", *REGION_NAMES)

# The <tr> of each list, as intake/application_list.html and intake/staff_queue.html showed it with template tags.
LAWYER_ROW = """    <tr>
      <td class="text-nowrap"><a href="{url}">{reference}</a></td>
      <td>{badge}</td>
      <td>{debtor_name}</td>
      <td>{category_label}</td>
      <td>{region}</td>
      <td>{submitted}</td>
      <td class="small">{next_step}</td>
    </tr>
"""
QUEUE_ROW = """    <tr{overdue_class}>
      <td class="text-nowrap"><a href="{url}">{reference}</a></td>
      <td>{badge}</td>
      <td>{debtor_name}</td>
      <td>{region}</td>
      <td>{submitted}</td>
      <td>{age_working_days}</td>
      <td>{due}</td>
      <td class="small">{next_step}</td>
    </tr>
"""
OVERDUE_CLASS = mark_safe(' class="table-danger"')
OVERDUE_DUE = '<span class="overdue">{} · {}</span>'

_PK = 918273645546372819  # any number: the detail URL is reversed once and the row's id put where it stood


class ValuesPaginator(Paginator):
    """Pages of `queryset.values(*columns)`, counted on the queryset itself: the joins the columns bring (a region's
    name) would otherwise be in the paginator's COUNT(*) too, which then reads every matching row's region rather
    than an index alone (7,000 of a region's queue at 1,000,000 applications)."""

    columns: tuple[str, ...] = ()

    def __init__(self, object_list, per_page, *args, columns=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if columns is not None:
            self.columns = columns

    def page(self, number):
        page = super().page(number)
        page.object_list = page.object_list.values(*self.columns)
        return page


class Row(dict):
    """A row's ready text by key, which is what a template looks up first (and fastest), and by attribute (row.pk)."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _fill(markup: str, text: "RowText", **values) -> str:
    """format_html(markup, **values), each value escaped once per request (they recur down the page)."""
    return mark_safe(markup.format(**{name: text.escape(value) for name, value in values.items()}))  # noqa: S308


class RowRegion(NamedTuple):
    """A row's region: shown as its name, with its code for whoever reads the row."""

    code: str | None
    name: str

    def __str__(self) -> str:
        return self.name


class RowText:
    """Words and links for list rows, each worked out once per request."""

    def __init__(self, user):
        self.user = user
        language = (get_language() or "ru")[:2]
        self._region_name = f"region__name_{language}" if language in ("kk", "en") else "region__name_ru"
        self._head, self._tail = reverse("intake:application_detail", args=[_PK]).split(str(_PK))
        self._badges, self._steps, self._categories, self._dates, self._escaped = {}, {}, {}, {}, {}
        self._statuses = dict(Status.choices)
        self._category_labels = dict(Category.choices)

    def escape(self, value) -> str:
        """conditional_escape(value), remembered: a SafeString and a str of the same text are different keys."""
        key = (type(value), value)
        if key not in self._escaped:
            self._escaped[key] = conditional_escape(value)
        return self._escaped[key]

    def url(self, pk: int) -> str:
        return f"{self._head}{pk}{self._tail}"

    def badge(self, status: str) -> str:
        if status not in self._badges:
            self._badges[status] = status_badge_html(status, self._statuses.get(status, status))
        return self._badges[status]

    def step(self, status: str) -> str:
        if status not in self._steps:
            self._steps[status] = str(next_step_of(status, self.user))
        return self._steps[status]

    def category(self, category: str) -> str:
        """As get_category_display(): the label, or the value itself when it is not a choice."""
        if category not in self._categories:
            self._categories[category] = str(self._category_labels.get(category, category))
        return self._categories[category]

    def region(self, row: dict, blank: str = "") -> RowRegion:
        """As Region.name: the name in the active language, Russian when that one is blank."""
        return RowRegion(row["region__code"], row[self._region_name] or row["region__name_ru"] or blank)

    def date(self, value) -> str:
        """As the |date:"SHORT_DATE_FORMAT" filter: a time is shown as its date in the current time zone."""
        if value is None:
            return ""
        if hasattr(value, "tzinfo"):
            value = timezone.localdate(value)
        if value not in self._dates:
            self._dates[value] = date_format(value, "SHORT_DATE_FORMAT")
        return self._dates[value]


def lawyer_rows(rows, user) -> list[Row]:
    text = RowText(user)
    return [_lawyer_html(text, Row({
        "pk": row["id"],
        "url": text.url(row["id"]),
        "reference": row["reference"] or _("Draft"),
        "badge": text.badge(row["status"]),
        "debtor_name": row["debtor_name"] or "—",
        "category": row["category"],
        "category_label": text.category(row["category"]) or "—",
        "region": text.region(row, blank="—"),
        "submitted": text.date(row["submitted_at"]) or "—",
        "next_step": text.step(row["status"]),
    })) for row in rows]


def _lawyer_html(text: RowText, row: Row) -> Row:
    row["html"] = _fill(LAWYER_ROW, text, url=row["url"], reference=row["reference"], badge=row["badge"],
                        debtor_name=row["debtor_name"], category_label=row["category_label"], region=row["region"],
                        submitted=row["submitted"], next_step=row["next_step"])
    return row


def queue_rows(rows, user, *, ages: list[int], today) -> list[Row]:
    text = RowText(user)
    overdue = _("overdue")
    return [_queue_html(text, Row({
        "pk": row["id"],
        "url": text.url(row["id"]),
        "reference": row["reference"],
        "badge": text.badge(row["status"]),
        "debtor_name": row["debtor_name"],
        "region": text.region(row),
        "submitted": text.date(row["submitted_at"]),
        "age_working_days": age,
        "original_due": text.date(row["original_due"]),
        "is_overdue": row["status"] == Status.SUBMITTED and row["original_due"] < today,
        "next_step": text.step(row["status"]),
    }), overdue) for row, age in zip(rows, ages, strict=True)]


def _queue_html(text: RowText, row: Row, overdue: str) -> Row:
    due = format_html(OVERDUE_DUE, row["original_due"], overdue) if row["is_overdue"] else row["original_due"]
    row["html"] = _fill(QUEUE_ROW, text, overdue_class=OVERDUE_CLASS if row["is_overdue"] else "", url=row["url"],
                        reference=row["reference"], badge=row["badge"], debtor_name=row["debtor_name"],
                        region=row["region"], submitted=row["submitted"], age_working_days=row["age_working_days"],
                        due=due, next_step=row["next_step"])
    return row
