"""A stored-XSS corpus (issue 13) in every user-controlled field that a page shows — the parties, the debtor's
address, the obligation, the staff's and the bailiff's notes, the complaint's text, the inspection's findings, the
bailiff's name and office, an action's note, file names, a user's name — rendered on every page that shows them,
for each role that sees the page: each payload comes back escaped, no tag or handler of it comes back raw, a
template expression is not evaluated, and the page carries its Content-Security-Policy."""

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from assignment.services import case_action_record
from bailiffs.models import Bailiff
from chamber_portal.core.models import User
from complaints.models import Complaint
from inspections.models import Inspection
from intake.models import Application, ApplicationDocument
from tests.review.scope_world import World

pytestmark = pytest.mark.django_db

FROZEN = "2026-06-17 11:00 +05:00"
PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)//<a href=\"javascript:alert(1)\">x</a>",
    "</textarea><script>alert(2)</script>",
    "{{ request.user.password }}{% debug %}",
    "'><svg/onload=alert(3)>",
]
# What may never come back raw: a tag, a handler, a link to script.
RAW = ["<script>alert", "<img src=x", "onerror=alert(1)>", "<svg/onload", "href=\"javascript:", "</textarea><script>"]


def _plant(world: World, payload: str) -> None:
    """The payload in every text a user typed that some page shows (written as rows: the forms would refuse some
    of them, the pages must be safe whatever is stored)."""
    case = world.case
    Application.objects.filter(pk__in=[case.pk, world.submitted.pk]).update(  # the case; one in the staff queue
        creditor_name=payload, debtor_name=payload, debtor_address=payload, court_name=payload,
        obligation=payload, original_condition_note=payload, return_message=payload, period_restored_by=payload[:200])
    ApplicationDocument.objects.filter(application__in=[case, world.draft]).update(original_name=f"{payload}.pdf")
    case_action_record(application=world.initiated, by=world.holder.user, kind="notice", date=world.today,
                       note=payload)
    Complaint.objects.filter(pk=world.complaint.pk).update(description=payload, explanation=payload)
    inspection = world.inspection_completed
    Inspection.objects.filter(pk=inspection.pk).update(findings=payload, grounds_note=payload)
    Bailiff.objects.filter(pk=world.holder.pk).update(full_name=payload, office_address=payload,
                                                      office_hours=payload[:100])
    User.objects.filter(pk=world.lawyer.pk).update(full_name=payload[:150])


# url name → (its kwargs from the world, the roles that see the page)
PAGES = {
    "intake:application_detail": (lambda w: {"pk": w.case.pk},
                                  ["lawyer", "bailiff", "staff", "national_staff", "admin"]),
    "intake:application_list": (lambda w: {}, ["lawyer"]),
    "intake:staff_queue": (lambda w: {}, ["staff", "national_staff"]),
    "workspace:my_cases": (lambda w: {}, ["bailiff"]),
    "complaints:complaint_list": (lambda w: {}, ["lawyer", "bailiff", "staff"]),
    "complaints:complaint_detail": (lambda w: {"pk": w.complaint.pk}, ["lawyer", "bailiff", "staff"]),
    "inspections:inspection_list": (lambda w: {}, ["staff", "national_staff"]),
    "inspections:inspection_detail": (lambda w: {"pk": w.inspection.pk}, ["staff", "bailiff"]),
    "inspections:inspection_act": (lambda w: {"pk": w.inspection.pk}, ["staff"]),
    "bailiffs:bailiff_list": (lambda w: {}, ["staff"]),
    "bailiffs:bailiff_detail": (lambda w: {"pk": w.holder.pk}, ["staff"]),
    "public_registry": (lambda w: {}, ["lawyer"]),
    "assignment:log": (lambda w: {}, ["staff"]),
}


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_stored_markup_is_shown_as_text_on_every_page_for_every_role(client, payload):
    with time_machine.travel(FROZEN):
        world = World()
        _plant(world, payload)
        problems, escaped_somewhere = [], set()
        for name, (kwargs, roles) in PAGES.items():
            url = reverse(name, kwargs=kwargs(world))
            for role in roles:
                client.force_login(world.users[role])
                response = client.get(url)
                html = response.content.decode()
                if response.status_code != 200:
                    problems.append(f"{role} {url}: {response.status_code}")
                    continue
                if "Content-Security-Policy" not in response.headers:
                    problems.append(f"{role} {url}: no Content-Security-Policy")
                problems += [f"{role} {url}: raw {raw!r}" for raw in RAW if raw in html]
                if world.users[role].password in html:  # a template expression evaluated in the page
                    problems.append(f"{role} {url}: the password hash")
                if payload in html and escape(payload) != payload:
                    problems.append(f"{role} {url}: the payload unescaped")
                if escape(payload) in html or escape(payload[:100]) in html:
                    escaped_somewhere.add(name)
        assert problems == []
        # The corpus reached the pages (else the test would prove nothing): shown, escaped, on each page.
        assert set(PAGES) - escaped_somewhere == set()
