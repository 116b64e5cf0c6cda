"""The menu each role sees. An entry appears once its page exists (its URL name resolves).

Staff have many pages, so their menu groups them (a dropdown per group): with one row of a few groups the header
fits an ordinary laptop (1,280 px) in every language. A group with a single entry is shown as a plain link.
"""

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from .models import Role

# An entry: (label, URL name) or (label, URL name, query string); a group: (label, [entries]).
MENU = {
    Role.LAWYER: [
        (_("Home"), "home"),
        (_("My applications"), "intake:application_list"),
        (_("New application"), "intake:application_create"),
        (_("Complaints"), "complaints:complaint_list"),
    ],
    Role.STAFF: [
        (_("Dashboard"), "oversight:dashboard"),
        (_("Intake"), [
            (_("Intake queue"), "intake:staff_queue"),
            (_("Awaiting the paper original"), "intake:staff_queue", "status=submitted"),
            (_("Original received: to accept"), "intake:staff_queue", "status=original_received"),
        ]),
        (_("Distribution"), [
            (_("Distribution log"), "assignment:log"),
        ]),
        (_("Registry"), [
            (_("Bailiffs"), "bailiffs:bailiff_list"),
            (_("Public registry"), "public_registry"),
        ]),
        (_("Complaints and inspections"), [
            (_("Complaints"), "complaints:complaint_list"),
            (_("Disciplinary commission"), "complaints:disciplinary_case_list"),
            (_("Register a court decision"), "complaints:decision_register"),
            (_("Inspections"), "inspections:inspection_list"),
            (_("Order an inspection"), "inspections:inspection_order"),
            (_("Inspection candidates"), "inspections:candidates"),
        ]),
        (_("Reports"), [
            (_("Monthly report"), "monthly_report"),
            (_("Evenness of distribution"), "oversight:evenness"),
        ]),
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


# Each menu's URL names reversed once per URLconf and script prefix, not on every page (issue 15: the staff header's
# dozen and a half reverse() calls were a tenth of a list page's time). None: the page does not exist (yet).
_URLS: dict[tuple, str | None] = {}


def _url(name: str) -> str | None:
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name)
    if key not in _URLS:
        try:
            _URLS[key] = reverse(name)
        except NoReverseMatch:
            _URLS[key] = None
    return _URLS[key]


def _link(entry) -> dict | None:
    label, name, *query = entry
    url = _url(name)
    if url is None:
        return None
    if query:
        url = f"{url}?{query[0]}"
    return {"label": label, "url": url, "name": name}


def navigation_menu_for(user, *, full_path: str = "") -> list[dict]:
    """The header's menu: links, and groups ({"label", "children", "key"}) of links; the link of the page shown
    (`full_path`) and its group are marked `current`."""
    if not user.is_authenticated:
        return []
    menu = []
    for index, entry in enumerate(MENU.get(Role.ADMIN if user.is_superuser else user.role, [])):
        if isinstance(entry[1], list):
            children = [link for child in entry[1] if (link := _link(child))]
            if len(children) == 1:
                menu.append({**children[0], "label": entry[0]})
            elif children:
                menu.append({"label": entry[0], "children": children, "key": f"nav-group-{index}"})
        elif link := _link(entry):
            menu.append(link)
    _mark_current(menu, full_path)
    return menu


def _mark_current(menu: list[dict], full_path: str) -> None:
    links = [link for item in menu for link in item.get("children") or [item]]
    path = full_path.split("?")[0]
    # The exact page (with its filters) wins; else the link to the same path without filters.
    current = next((link for link in links if link["url"] == full_path), None) or next(
        (link for link in links if link["url"] == path), None
    )
    for item in menu:
        item["current"] = current is not None and (item is current or current in item.get("children", []))
    if current is not None:
        current["current"] = True


def navigation_for(user) -> list[dict]:
    """Every link of the user's menu, groups flattened (label, url, name)."""
    items = []
    for item in navigation_menu_for(user):
        items.extend(item.get("children") or [item])
    return items


def user_scope(user) -> str:
    """The role and where it acts, for the header's user menu: "Chamber staff · Almaty (KZ-75)"."""
    if not user.is_authenticated:
        return ""
    role = Role(Role.ADMIN if user.is_superuser else user.role).label
    if user.is_chamber_staff:
        where = str(user.region) if user.region_id else _("all regions (national)")
        return _("%(role)s · %(where)s") % {"role": role, "where": where}
    bailiff = getattr(user, "bailiff", None) if user.is_bailiff else None  # the registry record (bailiffs app)
    if bailiff is not None:
        return _("%(role)s · %(where)s") % {"role": role, "where": str(bailiff.region)}
    return str(role)
