"""Inspections on other apps' pages: `{% load inspections_tags %}` then `{% bailiff_inspections bailiff %}` on the
bailiff's registry page. The bailiffs app's template loads this library by name, so bailiffs never imports
inspections (docs/architecture.md §6)."""

from django import template

from ..selectors import inspections_visible_to

register = template.Library()


@register.inclusion_tag("inspections/_bailiff_card.html", takes_context=True)
def bailiff_inspections(context, bailiff):
    """The bailiff's inspections the user may see: each order with its status and outcome, latest first."""
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    if user is None or not user.is_authenticated:
        return {"show": False}
    inspections = list(inspections_visible_to(user).filter(bailiff=bailiff).order_by("-ordered_on", "-id"))
    return {"show": True, "bailiff": bailiff, "inspections": inspections,
            "may_order": user.is_chamber_staff or user.is_administrator}
