"""Every role, every main page, in Russian and Kazakh: axe-core (tests/browser/vendor/axe.min.js, injected by
Playwright) finds no serious or critical violation, and no page is wider than the window at 1,280 and 1,366 px.

One browser and one fixed data set (seed_demo) per language; each role signs in once. The pages are the role's
menu (as navigation_for builds it, so a new menu entry is audited too) and the detail pages behind it, in the
states that show the most: a case with the bailiff's workspace and clause 12, an application waiting for
acceptance, a complaint, an inspection and its act; a failed submission with its error summary; the staff menu
opened. The run writes test-artifacts/axe-<language>.json (every page: counts by impact, the violations) and
screenshots of the staff header at 1,280 px.
"""

import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from bailiffs.models import Bailiff
from chamber_portal.core.models import User
from chamber_portal.core.navigation import navigation_for
from complaints.models import Complaint, DisciplinaryCase
from demo.data import DEMO_PASSWORD
from inspections.models import Inspection, InspectionStatus
from intake.models import Application, Status
from tests.browser.conftest import CHROMIUM_ARGS
from tests.support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = {"serious", "critical"}
WIDTHS = (1280, 1366)
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: "
                                     + n.failureSummary.split("\\n").slice(0, 2).join(" "))}));
}"""


def _menu(username: str) -> list[str]:
    return [item["url"] for item in navigation_for(User.objects.get(username=username))
            if not item["url"].startswith(("/admin/", "/api/"))]  # Django's admin and Swagger UI are not ours


def _one(qs) -> int:
    pk = qs.order_by("pk").values_list("pk", flat=True).first()
    assert pk is not None, qs.query
    return pk


def _pages() -> dict[str | None, list[str]]:
    """The URLs to audit per login (None: no login), from the demo data."""
    lawyer_apps = Application.objects.filter(lawyer__username="lawyer")
    case = _one(lawyer_apps.filter(status=Status.IN_ENFORCEMENT))
    held_by_bailiff = Application.objects.filter(assignments__is_active=True,
                                                 assignments__bailiff__user__username="bailiff")
    bailiff_case = _one(held_by_bailiff.filter(status__in=[Status.IN_ENFORCEMENT, Status.ASSIGNED]))
    to_accept = _one(Application.objects.filter(status=Status.ORIGINAL_RECEIVED, region__code="KZ-75"))
    to_register = _one(Application.objects.filter(status=Status.SUBMITTED, region__code="KZ-75"))
    complaint = Complaint.objects.order_by("pk").first()
    inspection = _one(Inspection.objects.exclude(status=InspectionStatus.ORDERED))
    bailiff_inspections = Inspection.objects.filter(bailiff__user__username="bailiff")
    pages = {
        None: ["/", reverse("login"), reverse("oversight:evenness"), reverse("public_registry"), "/no-such-page/"],
        "lawyer": [
            *_menu("lawyer"),
            reverse("intake:application_detail", args=[case]),
            reverse("intake:application_receipt", args=[_one(lawyer_apps.filter(status=Status.SUBMITTED))]),
            reverse("intake:application_edit", args=[_one(lawyer_apps.filter(status=Status.DRAFT))]),
            reverse("intake:application_detail", args=[_one(lawyer_apps.filter(status=Status.RETURNED))]),
            reverse("complaints:complaint_create", args=[case]),
            reverse("intake:spreadsheet_start"),
            reverse("notifications"), reverse("notification_preferences"), reverse("security_settings"),
            reverse("webhooks:delivery_log"),
        ],
        "staff": [
            "/", *_menu("staff"),
            reverse("intake:application_detail", args=[to_accept]),
            reverse("intake:application_detail", args=[to_register]),
            reverse("intake:application_detail", args=[case]),
            reverse("assignment:redistribute", args=[case]),
            reverse("bailiffs:bailiff_detail", args=[_one(Bailiff.objects.filter(user__username="bailiff"))]),
            reverse("complaints:complaint_detail", args=[complaint.pk]),
            reverse("inspections:inspection_detail", args=[inspection]),
            reverse("inspections:inspection_act", args=[inspection]),
            reverse("notifications"), reverse("security_settings"),
        ],
        "staff.almaty": [
            "/", reverse("intake:staff_queue"), reverse("oversight:dashboard"), reverse("monthly_report"),
            reverse("intake:application_detail", args=[to_accept]),
        ],
        "bailiff": [
            *_menu("bailiff"),
            reverse("intake:application_detail", args=[bailiff_case]),
            reverse("notifications"),
        ],
        "admin": ["/", reverse("security_settings")],
    }
    if case := DisciplinaryCase.objects.order_by("pk").first():
        pages["staff"].append(reverse("complaints:disciplinary_case_detail", args=[case.pk]))
    if mine := Complaint.objects.filter(bailiff__user__username="bailiff").order_by("pk").first():
        pages["bailiff"].append(reverse("complaints:complaint_detail", args=[mine.pk]))
    if mine := bailiff_inspections.order_by("pk").first():
        pages["bailiff"].append(reverse("inspections:inspection_detail", args=[mine.pk]))
    return {login: list(dict.fromkeys(urls)) for login, urls in pages.items()}


def _audit(page, label: str, results: list[dict]) -> None:
    """axe on the page as it is now, and its width at each laptop size."""
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy (no inline script) allows;
    # the page itself runs as users get it.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    violations = page.evaluate(RUN_AXE)
    wider = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wider[width] = overflow
    counts = {}
    for violation in violations:
        counts[violation["impact"]] = counts.get(violation["impact"], 0) + 1
    results.append({"page": label, "counts": counts, "wider_than_window": wider, "violations": violations})


def _visit(page, base: str, url: str, label: str, results: list[dict]) -> None:
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    response = page.goto(base + url)
    expected = 404 if url == "/no-such-page/" else 200
    assert response.status == expected, f"{label}: {response.status}"
    _audit(page, label, results)


def _axe_finds_a_known_violation(page, base: str) -> None:
    """A control: the injected axe really audits (an image without a text alternative is critical)."""
    page.goto(base + "/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "
                  "'<img src=\"/static/vendor/bootstrap/bootstrap.min.css\" data-control>')")
    control: list[dict] = []
    _audit(page, "control", control)
    assert "image-alt" in {v["id"] for v in control[0]["violations"]}


def _states(page, base: str, login: str, results: list[dict]) -> None:
    """States of a page that a plain visit does not show."""
    if login == "lawyer":
        page.goto(base + reverse("intake:application_create"))
        page.locator("#id_debtor_name").fill("Сериков Ержан")
        with page.expect_navigation():
            page.locator("button[name=submit]").click()
        summary = page.get_by_test_id("error-summary")
        assert summary.is_visible()
        assert page.evaluate("document.activeElement.dataset.testid") == "error-summary"  # focus moved there
        _audit(page, f"{login} {reverse('intake:application_create')} (failed submission)", results)
    if login == "staff":
        # The staff header from the collapse breakpoint to a wide screen: never wider than the window.
        page.goto(base + "/")
        for width in (992, 1100, 1199, 1200, 1280, 1366, 1440, 1536, 1600):
            page.set_viewport_size({"width": width, "height": 900})
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            results.append({"page": f"{login} / at {width} px", "counts": {}, "violations": [],
                            "wider_than_window": {width: overflow} if overflow > 0 else {}})
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        page.goto(base + reverse("oversight:dashboard"))
        page.locator("#main-nav .dropdown-toggle").nth(3).click()  # "Complaints and inspections"
        assert page.locator("#main-nav .dropdown-menu.show").count() == 1
        _audit(page, f"{login} {reverse('oversight:dashboard')} (menu open)", results)


def _header_screenshot(page, base: str, artifacts_dir: Path, language: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "/")
    nav = page.locator("nav.navbar")
    box = nav.bounding_box()
    page.screenshot(path=str(artifacts_dir / f"a11y-staff-header-1280-{language}.png"),
                    clip={"x": 0, "y": 0, "width": 1280, "height": box["height"] + 120})


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_main_page_of_every_role_passes_axe_and_fits_a_laptop(live_server, artifacts_dir, monkeypatch,
                                                                     language):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    call_command("seed_demo", verbosity=0)
    cache.clear()
    pages = _pages()
    base = live_server.url
    results: list[dict] = []
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        try:
            for login, urls in pages.items():
                context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
                context.add_cookies([{"name": "chamber_language", "value": language, "url": base}])
                page = context.new_page()
                page.set_default_timeout(15_000)
                if login is None:
                    _axe_finds_a_known_violation(page, base)
                if login:
                    log_in(page, base, login, DEMO_PASSWORD)
                    assert page.locator("html").get_attribute("lang") == language
                for url in urls:
                    _visit(page, base, url, f"{login or 'visitor'} {url}", results)
                if login:
                    _states(page, base, login, results)
                if login == "staff":
                    _header_screenshot(page, base, artifacts_dir, language)
                context.close()
        finally:
            browser.close()
    from django.db import connections

    connections.close_all()

    (artifacts_dir / f"axe-{language}.json").write_text(json.dumps(results, ensure_ascii=False, indent=1),
                                                          encoding="utf-8")
    blocking = [(r["page"], v["id"], v["impact"], v["nodes"]) for r in results for v in r["violations"]
                if v["impact"] in BLOCKING]
    too_wide = [(r["page"], r["wider_than_window"]) for r in results if r["wider_than_window"]]
    assert len(results) >= 40
    assert blocking == [], json.dumps(blocking, ensure_ascii=False, indent=1)
    assert too_wide == []
