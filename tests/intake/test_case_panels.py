"""The case page's panels come from the apps above intake (chamber_portal/core/case_page.py): intake's templates
load none of their tag libraries, and the page shows the registered panels in their order."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from assignment.services import application_distribute
from chamber_portal.core.case_page import case_panels
from tests.assignment.conftest import accepted
from tests.factories import BailiffFactory, UserFactory, region

LOAD = re.compile(r"{%\s*load\s+(.+?)\s*%}")


def _libraries(app: str) -> set[str]:
    """The template tag libraries an app defines (its templatetags modules)."""
    return {path.stem for path in (Path(settings.BASE_DIR) / app / "templatetags").glob("*.py")
            if path.stem != "__init__"}


def _loaded(template: Path) -> set[str]:
    names = set()
    for arguments in LOAD.findall(template.read_text()):
        words = arguments.split()
        names |= {words[-1]} if "from" in words else set(words)  # {% load tag from library %} names the last
    return names


def test_intakes_templates_load_no_tag_library_of_assignment_or_complaints():
    above = _libraries("assignment") | _libraries("complaints")
    assert {"assignment_tags", "complaints_tags"} <= above
    templates = sorted((Path(settings.BASE_DIR) / "templates" / "intake").rglob("*"))
    loads = {str(t.relative_to(settings.BASE_DIR)): _loaded(t) & above for t in templates if t.is_file()}
    assert len(loads) > 5 and "templates/intake/application_detail.html" in loads
    assert {path: names for path, names in loads.items() if names} == {}


def test_the_apps_register_the_workspace_the_distribution_and_clause_12_in_that_order():
    assert [(panel.name, panel.template) for panel in case_panels()] == [
        ("assignment.workspace", "workspace/panel.html"),
        ("assignment.distribution", "assignment/_distribution.html"),
        ("complaints.clause12", "complaints/_clause12_panel.html"),
    ]


@pytest.mark.django_db
def test_the_case_page_renders_the_panels_in_order_after_the_assigned_bailiff(client):
    BailiffFactory(region=region("KZ-75"))
    application = accepted()
    decision = application_distribute(application_id=application.pk)
    client.force_login(UserFactory(role="staff", region=region("KZ-75")))
    page = client.get(reverse("intake:application_detail", args=[application.pk])).content.decode()
    sections = ["assigned-bailiff", "workspace", "distribution", "clause12", "timeline"]
    positions = [page.find(f'data-testid="{name}"') for name in sections]
    assert -1 not in positions, dict(zip(sections, positions, strict=True))
    assert positions == sorted(positions)
    distribution = page[page.index('data-testid="distribution"'):page.index('data-testid="clause12"')]
    assert decision.chosen.full_name in distribution
    assert 'data-testid="distribution-candidates"' in distribution  # staff read every candidate: the page's user


@pytest.mark.django_db
def test_the_bailiffs_forms_in_the_workspace_panel_carry_the_pages_csrf_token(client):
    bailiff = BailiffFactory(region=region("KZ-75"))
    application = accepted()
    application_distribute(application_id=application.pk)
    client.force_login(bailiff.user)
    page = client.get(reverse("intake:application_detail", args=[application.pk])).content.decode()
    workspace = page[page.index('data-testid="workspace"'):page.index('data-testid="timeline"')]
    assert "<form" in workspace and 'name="csrfmiddlewaretoken"' in workspace
