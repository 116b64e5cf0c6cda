"""Horizontal bar charts drawn as SVG on the server: no JavaScript, and every chart comes with its table.

`bar_chart` computes the geometry; `templates/oversight/_chart.html` draws it and the table with the same
numbers (the accessible form of the chart: screen readers read the table, the SVG is an image with a title).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format

# Bootstrap 5's primary, secondary, success, danger, warning (text-safe orange) and indigo.
PALETTE = ["#0d6efd", "#6c757d", "#198754", "#dc3545", "#b35900", "#6f42c1"]

WIDTH = 720
LABEL_WIDTH = 290
VALUE_WIDTH = 64
BAR_HEIGHT = 16
BAR_GAP = 3
ROW_GAP = 10
TOP = 6
LEGEND_HEIGHT = 26
LABEL_CHARACTERS = 36


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    text: str
    text_x: float
    text_y: float
    series: str


@dataclass
class ChartRow:
    label: str
    short_label: str
    label_y: float
    bars: list[Bar]
    cells: list[str]  # the formatted values, for the table


@dataclass
class LegendItem:
    name: str
    color: str
    x: float
    text_x: float


@dataclass
class Chart:
    key: str
    title: str
    series: list[str]
    rows: list[ChartRow] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    height: float = 0
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    row_header: str = ""
    note: str = ""
    # More columns for the table only (header, formatted values per row), e.g. how many rows a median is of.
    extra_headers: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def columns(self) -> int:
        return 1 + len(self.series) + len(self.extra_headers)


def _format(value: float | None, decimals: int) -> str:
    if value is None:
        return "—"
    return number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def bar_chart(key: str, title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *,
              decimals: int = 0, row_header: str = "", note: str = "",
              extra: Sequence[tuple[str, Sequence[str]]] = ()) -> Chart:
    """One row per label, one bar per series in each row, scaled to the largest value of the chart. `extra`
    adds columns to the table only."""
    names = [str(name) for name, _values in series]
    chart = Chart(key=key, title=str(title), series=names, row_header=str(row_header), note=str(note),
                  extra_headers=[str(header) for header, _values in extra])
    largest = max((v for _name, values in series for v in values if v is not None), default=0) or 1
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    y = TOP + (LEGEND_HEIGHT if len(series) > 1 else 0)
    for index, label in enumerate(labels):
        bars, cells = [], []
        for position, (name, values) in enumerate(series):
            value = values[index]
            text = _format(value, decimals)
            bar_y = y + position * (BAR_HEIGHT + BAR_GAP)
            width = 0 if value is None else max(plot * value / largest, 1 if value else 0)
            bars.append(Bar(x=LABEL_WIDTH, y=bar_y, width=round(width, 1), height=BAR_HEIGHT,
                            color=PALETTE[position % len(PALETTE)], text=text, text_x=round(LABEL_WIDTH + width + 4, 1),
                            text_y=bar_y + BAR_HEIGHT - 4, series=str(name)))
            cells.append(text)
        cells += [str(values[index]) for _header, values in extra]
        block = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
        chart.rows.append(ChartRow(label=str(label), short_label=_short(str(label)), label_y=y + block / 2 + 4,
                                   bars=bars, cells=cells))
        y += block + ROW_GAP
    if len(series) > 1:
        chart.legend = [LegendItem(name, PALETTE[i % len(PALETTE)], LABEL_WIDTH + i * 190, LABEL_WIDTH + i * 190 + 16)
                        for i, name in enumerate(names)]
    chart.height = y + TOP
    return chart


# --- the charts of the two pages ------------------------------------------------------------------------------

def dashboard_charts(d) -> dict[str, Chart]:
    """The dashboard's charts from its figures (oversight.figures.Dashboard)."""
    from django.utils.translation import gettext as _

    charts = {}
    statuses = d.by_status()
    charts["status"] = bar_chart("status", _("Applications submitted in the period, by current status"),
                                 [label for _v, label, _n in statuses],
                                 [(_("Applications"), [n for _v, _l, n in statuses])], row_header=_("Status"))
    categories = d.by_category()
    charts["category"] = bar_chart("category", _("Applications submitted in the period, by category"),
                                   [label for _v, label, _n in categories],
                                   [(_("Applications"), [n for _v, _l, n in categories])], row_header=_("Category"))
    charts["durations"] = bar_chart(
        "durations", _("Days from submission to each step, for the steps reached in the period"),
        [m.label for m in d.milestones],
        [(_("Median, days"), [m.median for m in d.milestones]),
         (_("90th percentile, days"), [m.p90 for m in d.milestones])],
        decimals=1, row_header=_("Step"),
        extra=[(_("Reached in the period"), [_format(m.count, 0) for m in d.milestones])],
    )
    o = d.overdue
    charts["overdue"] = bar_chart(
        "overdue", _("Overdue"),
        [_("Originals overdue now"), _("Originals missed in the period (lapsed)"), _("Acceptances overdue now"),
         _("Initiations overdue now"), _("Initiations late in the period")],
        [(_("Applications"), [o.originals, o.lapsed, o.acceptances, o.initiations, o.initiations_late])],
        row_header=_("Figure"),
    )
    region_cases = d.region_cases
    if region_cases is not None:
        in_draw = [_("every decision") if b.throughout else _("%(n)s of %(total)s") % {
            "n": b.in_draw, "total": region_cases.decisions} for b in region_cases.bailiffs]
        charts["distribution"] = bar_chart(
            "distribution", _("Cases distributed per bailiff in the period"),
            [b.name if b.active else _("%(name)s (not active)") % {"name": b.name} for b in region_cases.bailiffs],
            [(_("Cases"), [b.cases for b in region_cases.bailiffs])], row_header=_("Bailiff"),
            extra=[(_("In the draw for"), in_draw)],
        )
    else:
        shown = [rc for rc in d.distribution.values() if rc.spread is not None]
        charts["distribution"] = bar_chart(
            "distribution", _("Cases per bailiff in the draw throughout the period: least and most, by region"),
            [f"{rc.region.name} ({rc.region.code})" for rc in shown],
            [(_("Least"), [rc.least for rc in shown]), (_("Most"), [rc.most for rc in shown])],
            row_header=_("Region"),
        )
    c = d.complaints
    charts["complaints"] = bar_chart(
        "complaints", _("Complaints filed in the period and their outcomes"),
        [_("Filed"), _("Breach confirmed"), _("No breach"), _("Not decided yet")],
        [(_("Complaints"), [c.total, c.by_outcome.get("breach_confirmed", 0), c.by_outcome.get("no_breach", 0),
                            c.total - c.decided])],
        row_header=_("Figure"),
    )
    i = d.inspections
    charts["inspections"] = bar_chart(
        "inspections", _("Inspections"),
        [_("Ordered in the period"), _("Completed in the period: violations found"),
         _("Completed in the period: no violations"), _("Open now (ordered or in progress)")],
        [(_("Inspections"), [i.ordered, i.violations_found, i.no_violations, i.open])], row_header=_("Figure"),
    )
    return charts


def evenness_chart(regions, current_label: str) -> Chart:
    """Public page: per region with cases this month, the least and the most cases per bailiff in the draw
    throughout the month."""
    from django.utils.translation import gettext as _

    shown = [r for r in regions if r.current.spread is not None]
    return bar_chart(
        "evenness", _("Cases per bailiff in the draw all month, %(month)s: least and most") % {"month": current_label},
        [f"{r.region.name} ({r.region.code})" for r in shown],
        [(_("Least"), [r.current.least for r in shown]), (_("Most"), [r.current.most for r in shown])],
        row_header=_("Region"),
    )
