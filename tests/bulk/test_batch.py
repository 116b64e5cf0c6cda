"""applications/batch/ and applications/batch/submit/ (issue 14) through the HTTP client and the database."""

import pytest

from chamber_portal.core.iin import NOT_TWELVE_DIGITS
from intake.models import Application, Status
from tests.factories import VALID_IIN, ApplicationFactory, BailiffFactory
from tests.intake.test_api import _body

pytestmark = pytest.mark.django_db

BATCH = "/api/v1/applications/batch/"
SUBMIT = "/api/v1/applications/batch/submit/"


def _post(client, url, body, **extra):
    return client.post(url, body, content_type="application/json", **extra)


@pytest.fixture
def lawyer_api(client, lawyer):
    client.force_login(lawyer)
    return client


def test_a_batch_files_each_valid_item_as_a_draft_and_answers_each_invalid_one_with_its_errors(lawyer_api, lawyer):
    items = [
        _body(document_number="ИЛ-1"),
        _body(region="KZ-99", debtor={"iin_bin": "7910283027281"}),
        _body(document_number="ИЛ-3"),
        "not an object",
    ]
    response = _post(lawyer_api, BATCH, {"applications": items})
    assert response.status_code == 200, response.json()
    results = response.json()["results"]
    assert [result["index"] for result in results] == [0, 1, 2, 3]
    drafts = Application.objects.filter(lawyer=lawyer).order_by("id")
    assert [(r["id"], r["status"]) for r in (results[0], results[2])] == [(d.pk, "draft") for d in drafts]
    assert results[1]["errors"]["debtor.iin_bin"] == [str(NOT_TWELVE_DIGITS)]
    assert "region" in results[1]["errors"]
    assert "id" not in results[1]
    assert results[3]["errors"]["non_field_errors"]
    assert [d.document_number for d in drafts] == ["ИЛ-1", "ИЛ-3"]


def test_a_batch_takes_500_items_and_refuses_501(lawyer_api, lawyer):
    assert _post(lawyer_api, BATCH, {"applications": [{}] * 501}).status_code == 400
    assert not Application.objects.exists()
    response = _post(lawyer_api, BATCH, {"applications": [_body(document_number=f"ИЛ-{n}") for n in range(500)]})
    assert response.status_code == 200
    assert Application.objects.filter(lawyer=lawyer, status=Status.DRAFT).count() == 500


def test_a_body_that_is_not_a_batch_is_a_400(lawyer_api):
    assert "applications" in _post(lawyer_api, BATCH, {"applications": []}).json()
    assert _post(lawyer_api, BATCH, {}).status_code == 400


def test_a_batch_files_nothing_when_the_database_refuses_an_item(lawyer_api, monkeypatch):
    from intake.services import drafts

    calls = []
    real = drafts.application_save_draft

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        return real(**kwargs)

    monkeypatch.setattr("intake.services.batch.application_save_draft", failing)
    lawyer_api.raise_request_exception = False
    response = _post(lawyer_api, BATCH, {"applications": [_body(), _body()]})
    assert response.status_code == 500
    assert not Application.objects.exists()


def test_only_lawyers_file_a_batch(client, national_staff):
    for user in (national_staff, BailiffFactory().user):
        client.force_login(user)
        assert _post(client, BATCH, {"applications": [_body()]}).status_code == 403
    assert not Application.objects.exists()


def test_a_retried_batch_with_its_key_answers_the_first_results_and_files_once(lawyer_api, lawyer):
    body = {"applications": [_body(document_number=f"ИЛ-{n}") for n in range(3)]}
    first = _post(lawyer_api, BATCH, body, HTTP_IDEMPOTENCY_KEY="batch-2026-03-02-1")
    again = _post(lawyer_api, BATCH, body, HTTP_IDEMPOTENCY_KEY="batch-2026-03-02-1")
    assert again.json() == first.json()
    assert Application.objects.filter(lawyer=lawyer).count() == 3


def test_a_batch_submission_submits_each_on_its_own(lawyer_api, lawyer):
    good = ApplicationFactory(lawyer=lawyer)
    bad = ApplicationFactory(lawyer=lawyer, debtor_iin_bin="791028302729")
    foreign = ApplicationFactory()
    response = _post(lawyer_api, SUBMIT, {"ids": [good.pk, bad.pk, foreign.pk, good.pk]})
    assert response.status_code == 200
    results = response.json()["results"]
    assert (results[0]["id"], results[0]["status"]) == (good.pk, "submitted") and results[0]["reference"]
    assert "debtor.iin_bin" in results[1]["errors"]
    assert results[2]["code"] == "not_found"
    assert results[3]["code"] == "invalid_state"
    good.refresh_from_db()
    bad.refresh_from_db()
    foreign.refresh_from_db()
    assert (good.status, bad.status, foreign.status) == (Status.SUBMITTED, Status.DRAFT, Status.DRAFT)


def test_a_batch_keeps_the_debtor_iin_given_normalised(lawyer_api, lawyer):
    _post(lawyer_api, BATCH, {"applications": [_body(debtor={"iin_bin": "7910 2830-2728"})]})
    assert Application.objects.get(lawyer=lawyer).debtor_iin_bin == VALID_IIN
