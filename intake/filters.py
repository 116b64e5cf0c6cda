"""Filters of the applications list (docs/architecture.md §7): what a lawyer or the Chamber looks for."""

import django_filters
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.models import Region

from .models import Application, Category, Status
from .selectors import applications_search


class StableOrderingFilter(django_filters.OrderingFilter):
    """Orders by the chosen columns, then by id, so a page never repeats or skips a row of equal value."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "-id")
        return qs


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    category = django_filters.ChoiceFilter(choices=Category.choices)
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), to_field_name="code")
    # Days in Asia/Almaty: `__date` reads the time in the current time zone.
    submitted_after = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__gte", label=_("submitted on or after")
    )
    submitted_before = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__lte", label=_("submitted on or before")
    )
    search = django_filters.CharFilter(method="filter_search", label=_("reference, debtor name or IIN/BIN"))
    ordering = StableOrderingFilter(fields=("created_at", "submitted_at", "reference", "original_due", "updated_at"))

    class Meta:
        model = Application
        fields = ["status", "category", "region", "submitted_after", "submitted_before", "search"]

    def filter_search(self, queryset, name, value):
        return applications_search(queryset, value)
