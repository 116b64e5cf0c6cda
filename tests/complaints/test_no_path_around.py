"""Clause 12 has no way around it (Rules No. 652, clause 12; docs/domain.md §1, §4).

Every path that could move a case for a breach — the web page, the API, the admin action, the management
command, the daily task, a direct service call — is refused while the breach decision is not yet in force, and
works from the day it enters into force; the new bailiff is never the one in breach, although the rotation
would have chosen him or her next.
"""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.admin import helpers
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from assignment.models import BailiffTurn, Reason
from assignment.services import application_redistribute
from chamber_portal.core.errors import TransitionError
from complaints.models import Reassignment, ReassignmentStatus
from complaints.services import complaint_decide, complaint_file, reassignment_release
from complaints.tasks import release_due_reassignments
from tests.factories import AssignedApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

IN_FORCE_AFTER = 10  # days from today


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def held(bailiffs, almaty_staff):
    """Three cases to the three bailiffs in turn, so the bailiff of the first has waited longest and would be the
    rotation's next choice; the lawyer of the first complains and asks for another bailiff; the commission
    confirms the breach, in force only in IN_FORCE_AFTER days."""
    application, *_ = [AssignedApplicationFactory() for _ in range(3)]
    complaint = complaint_file(application=application, by=application.lawyer, ground="inaction",
                               description="No action for two months.", request_new_bailiff=True)
    today = timezone.localdate()
    complaint_decide(complaint=complaint, by=almaty_staff, outcome="breach_confirmed", decision_date=today,
                     effective_on=today + timedelta(days=IN_FORCE_AFTER), document_reference="DC-12/2026")
    return Reassignment.objects.select_related("application", "bailiff").get(complaint=complaint)


def _in_force():
    """The clock on the day the decision enters into force."""
    return time_machine.travel(timezone.now() + timedelta(days=IN_FORCE_AFTER))


def _assert_not_moved(reassignment):
    application = reassignment.application
    application.refresh_from_db()
    reassignment.refresh_from_db()
    assert application.assigned_bailiff_id == reassignment.bailiff_id
    assert application.status == "assigned"
    assert reassignment.status == ReassignmentStatus.HELD
    assert not application.decisions.filter(reason=Reason.BREACH_CONFIRMED).exists()


def _assert_moved_to_another(reassignment):
    application = reassignment.application
    application.refresh_from_db()
    assert application.status == "assigned"
    assert application.assigned_bailiff_id not in (None, reassignment.bailiff_id)
    decision = application.decisions.get(reason=Reason.BREACH_CONFIRMED)
    assert decision.chosen_id == application.assigned_bailiff_id
    assert decision.previous_bailiff_id == reassignment.bailiff_id
    assert any(e["bailiff"] == reassignment.bailiff_id and e["reason"] == "in_breach" for e in decision.excluded)


def test_the_bailiff_in_breach_is_next_in_the_rotation(held):
    """What makes the other tests mean something: without clause 12's exclusion he or she would get it back."""
    turn = BailiffTurn.objects.get(bailiff=held.bailiff)
    others = BailiffTurn.objects.filter(region=turn.region).exclude(bailiff=held.bailiff)
    assert others.count() == 2 and all(other.last_turn > turn.last_turn for other in others)


def test_the_web_page_refuses_before_and_moves_the_case_once_in_force(client, held, almaty_staff):
    url = reverse("assignment:redistribute", args=[held.application_id])
    response = _as(client, almaty_staff).post(url, {"reason": "breach_confirmed", "note": "DC-12/2026"})
    assert response.status_code == 409
    assert response.context["refusal"]["code"] == "breach_decision_not_in_force"
    assert 'data-testid="refusal"' in response.content.decode()
    _assert_not_moved(held)

    with _in_force():
        response = _as(client, almaty_staff).post(url, {"reason": "breach_confirmed", "note": "DC-12/2026"})
        assert response.status_code == 302
        _assert_moved_to_another(held)
        # Whichever path moved the case for breach settles the held request at once; the daily run moves
        # nothing again.
        moved_to = held.application.assigned_bailiff_id
        release_due_reassignments()
    held.refresh_from_db()
    held.application.refresh_from_db()
    assert held.status == ReassignmentStatus.RELEASED and held.new_bailiff_id == moved_to
    assert held.application.assigned_bailiff_id == moved_to


def test_the_redistribute_api_answers_409_before_and_moves_the_case_once_in_force(client, held, almaty_staff):
    url = f"/api/v1/applications/{held.application_id}/redistribute/"
    response = _as(client, almaty_staff).post(url, {"reason": "breach_confirmed"}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "breach_decision_not_in_force"
    _assert_not_moved(held)

    with _in_force():
        response = _as(client, almaty_staff).post(url, {"reason": "breach_confirmed"},
                                                  content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["assigned_bailiff"] != held.bailiff_id
    _assert_moved_to_another(held)


def test_the_release_api_answers_409_before_and_releases_once_in_force(client, held, almaty_staff):
    url = f"/api/v1/reassignments/{held.pk}/release/"
    response = _as(client, almaty_staff).post(url)
    assert response.status_code == 409
    assert response.json()["code"] == "breach_decision_not_in_force"
    _assert_not_moved(held)

    with _in_force():
        response = _as(client, almaty_staff).post(url)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "released"
    assert response.json()["new_bailiff"] not in (None, held.bailiff_id)
    _assert_moved_to_another(held)


def test_the_release_button_on_the_case_page_refuses_before_and_releases_once_in_force(client, held,
                                                                                      almaty_staff):
    url = reverse("complaints:release", args=[held.pk])
    response = _as(client, almaty_staff).post(url)
    assert response.status_code == 302
    message = _last_message(response)
    assert message.level_tag == "error" and "enters into force" in message.message
    _assert_not_moved(held)

    with _in_force():
        response = _as(client, almaty_staff).post(url)
    assert response.status_code == 302
    message = _last_message(response)
    assert message.level_tag == "success", message.message
    _assert_moved_to_another(held)


def test_the_admin_action_shows_the_refusal_before_and_releases_once_in_force(client, held):
    superuser = UserFactory(role="admin", is_staff=True, is_superuser=True)
    url = reverse("admin:complaints_reassignment_changelist")
    body = {"action": "release_now", helpers.ACTION_CHECKBOX_NAME: [held.pk], "index": 0}
    response = _as(client, superuser).post(url, body)
    assert response.status_code == 302
    message = _last_message(response)
    assert message.level_tag == "error" and "not released" in message.message
    assert "enters into force" in message.message
    _assert_not_moved(held)

    with _in_force():
        response = _as(client, superuser).post(url, body)
    message = _last_message(response)
    assert message.level_tag == "success", message.message
    _assert_moved_to_another(held)
    held.refresh_from_db()
    assert held.status == ReassignmentStatus.RELEASED


def test_the_admin_cannot_change_add_or_delete_these_records(client, held):
    superuser = UserFactory(role="admin", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    for model in ("reassignment", "breachdecision", "complaint"):
        assert client.get(reverse(f"admin:complaints_{model}_add")).status_code == 403
    response = client.post(reverse("admin:complaints_reassignment_change", args=[held.pk]), {"status": "released"})
    assert response.status_code == 403
    _assert_not_moved(held)


def test_the_command_moves_nothing_before_and_releases_once_in_force(held):
    out = StringIO()
    call_command("release_reassignments", stdout=out)
    assert "released 0" in out.getvalue()
    assert "Still held: 1" in out.getvalue() and "enters into force" in out.getvalue()
    _assert_not_moved(held)

    with _in_force():
        out = StringIO()
        call_command("release_reassignments", stdout=out)
    assert "released 1" in out.getvalue() and "Still held: 0" in out.getvalue()
    _assert_moved_to_another(held)


def test_the_command_refuses_a_date_later_than_today(held):
    later = (timezone.localdate() + timedelta(days=IN_FORCE_AFTER)).isoformat()
    with pytest.raises(CommandError, match="later than today"):
        call_command("release_reassignments", "--date", later, stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("release_reassignments", "--date", "tomorrow", stdout=StringIO())
    _assert_not_moved(held)


def test_the_daily_task_moves_nothing_before_and_releases_once_in_force(held):
    assert release_due_reassignments() == 0
    _assert_not_moved(held)
    with _in_force():
        assert release_due_reassignments() == 1
    _assert_moved_to_another(held)
    held.refresh_from_db()
    assert held.status == ReassignmentStatus.RELEASED and held.new_bailiff_id != held.bailiff_id


def test_a_direct_service_call_is_refused_before_and_works_once_in_force(held, almaty_staff):
    with pytest.raises(TransitionError) as refused:
        application_redistribute(application=held.application, reason=Reason.BREACH_CONFIRMED, by=almaty_staff)
    assert refused.value.code == "breach_decision_not_in_force"
    with pytest.raises(TransitionError) as refused:
        reassignment_release(reassignment=held, by=almaty_staff)
    assert refused.value.code == "breach_decision_not_in_force"
    with pytest.raises(TransitionError):  # by no one (as the task calls it): the same rule
        reassignment_release(reassignment=held)
    _assert_not_moved(held)

    with _in_force():
        reassignment_release(reassignment=held, by=almaty_staff)
    _assert_moved_to_another(held)


def test_a_direct_redistribution_works_once_in_force(held, almaty_staff):
    with _in_force():
        application_redistribute(application=held.application, reason=Reason.BREACH_CONFIRMED, by=almaty_staff)
    _assert_moved_to_another(held)


def _last_message(response):
    """The message the request added (an earlier one may still wait in the cookie: no page was rendered)."""
    return list(get_messages(response.wsgi_request))[-1]


def _as(client, user):
    client.force_login(user)
    return client
