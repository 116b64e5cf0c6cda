"""Filters of the bailiff registry (docs/architecture.md §7): region by code, status, and a search."""

import django_filters
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.models import Region

from .models import Bailiff, BailiffStatus
from .selectors import PAUSED, bailiffs_search, bailiffs_with_status, manages_registry

STATUS_CHOICES = [*BailiffStatus.choices, (PAUSED, _("Paused today"))]


class BailiffFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), to_field_name="code")
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status")
    search = django_filters.CharFilter(method="filter_search", label=_("name, licence number or IIN"))

    class Meta:
        model = Bailiff
        fields = ["region", "status", "search"]

    def filter_status(self, queryset, name, value):
        return bailiffs_with_status(queryset, value)

    def filter_search(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        return bailiffs_search(queryset, value, with_iin=bool(user and manages_registry(user)))
