"""The menu each role sees. An entry appears once its page exists (its URL name resolves)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import Role

MENU = {
    Role.LAWYER: [
        (_("Home"), "home"),
        (_("My applications"), "intake:application_list"),
        (_("New application"), "intake:application_create"),
        (_("Complaints"), "complaints:complaint_list"),
    ],
    Role.STAFF: [
        (_("Home"), "home"),
        (_("Dashboard"), "oversight:dashboard"),
        (_("Monthly report"), "monthly_report"),
        (_("Intake queue"), "intake:staff_queue"),
        (_("Bailiffs"), "bailiffs:bailiff_list"),
        (_("Distribution log"), "assignment:log"),
        (_("Complaints"), "complaints:complaint_list"),
        (_("Inspections"), "inspections:inspection_list"),
    ],
    Role.BAILIFF: [
        (_("Home"), "home"),
        (_("My cases"), "workspace:my_cases"),
        (_("Complaints"), "complaints:complaint_list"),
        (_("Inspections"), "inspections:inspection_list"),
    ],
    Role.ADMIN: [
        (_("Home"), "home"),
        (_("Administration"), "admin:index"),
        (_("API documentation"), "api-docs"),
    ],
}


def navigation_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for label, name in MENU.get(Role.ADMIN if user.is_superuser else user.role, []):
        try:
            items.append({"label": label, "url": reverse(name), "name": name})
        except NoReverseMatch:
            continue
    return items
