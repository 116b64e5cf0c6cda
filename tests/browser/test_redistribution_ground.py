"""What Almaty's staff see in Chromium when they try to move a case whose bailiff the registry shows active
and present: the refusal names what is missing, the form keeps what was typed, the case stays where it is."""

import pytest

from assignment.services import application_distribute
from intake.models import Status
from tests.assignment.conftest import accepted
from tests.factories import BailiffFactory, UserFactory, region

from .test_clause12_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_see_which_ground_the_registry_lacks_and_the_case_stays(browser_page, live_server, artifacts_dir):
    base, page = live_server.url, browser_page
    UserFactory(role="staff", username="rg-staff", full_name="Марат Оспанов", region=region("KZ-75"))
    for name in ("Айгерим Бекова", "Данияр Сейткали"):
        BailiffFactory(region=region("KZ-75"), full_name=name)
    decision = application_distribute(application_id=accepted("KZ-75").pk)
    application, holder = decision.application, decision.chosen

    log_in(page, base, "rg-staff")
    page.goto(f"{base}/distribution/applications/{application.pk}/redistribute/")
    page.locator("select[name=reason]").select_option("licence_suspended")
    page.locator("[name=note]").fill("Приказ МЮ № 31 от 01.12")
    page.locator("main form button[type=submit]").last.click()
    refusal = page.get_by_test_id("refusal")
    refusal.wait_for()
    page.screenshot(path=str(artifacts_dir / "redistribute-ground-not-established.png"), full_page=True)

    assert holder.full_name in refusal.inner_text()
    assert page.locator("select[name=reason]").input_value() == "licence_suspended"
    assert page.locator("[name=note]").input_value() == "Приказ МЮ № 31 от 01.12"
    application.refresh_from_db()
    assert (application.status, application.assigned_bailiff_id) == (Status.ASSIGNED, holder.pk)
