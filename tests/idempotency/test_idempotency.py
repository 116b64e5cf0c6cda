"""Idempotency-Key on API POSTs (docs/architecture.md §7), through the real HTTP client and PostgreSQL."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone

from chamber_portal.idempotency.middleware import REUSED_CODE
from chamber_portal.idempotency.models import IdempotencyKey
from chamber_portal.idempotency.tasks import idempotency_keys_purge
from intake.models import Application, ApplicationDocument, Status
from tests.factories import ApplicationFactory, UserFactory, pdf_bytes
from tests.intake.test_api import _body

pytestmark = pytest.mark.django_db

API = "/api/v1/applications/"


def _post(client, url, body=None, key=None, **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(url, body or {}, content_type="application/json", **headers, **extra)


@pytest.fixture
def lawyer_api(client, lawyer):
    client.force_login(lawyer)
    return client


def test_a_retried_create_gets_the_first_answer_and_makes_one_draft(lawyer_api):
    first = _post(lawyer_api, API, _body(), key="create-1")
    again = _post(lawyer_api, API, _body(), key="create-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1


def test_the_same_json_in_another_key_order_is_the_same_request(lawyer_api):
    body = _body()
    _post(lawyer_api, API, body, key="order")
    reordered = dict(reversed(list(body.items())))
    assert _post(lawyer_api, API, reordered, key="order").status_code == 201
    assert Application.objects.count() == 1


def test_a_key_reused_with_another_body_is_a_422(lawyer_api):
    _post(lawyer_api, API, _body(), key="k")
    response = _post(lawyer_api, API, _body(court_name="Другой суд"), key="k")
    assert response.status_code == 422
    assert response.json()["code"] == REUSED_CODE
    assert Application.objects.count() == 1


def test_a_key_reused_on_another_endpoint_is_a_422(lawyer_api, lawyer):
    draft = ApplicationFactory(lawyer=lawyer)
    _post(lawyer_api, API, _body(), key="k")
    assert _post(lawyer_api, f"{API}{draft.pk}/submit/", key="k").status_code == 422
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_retried_submit_gets_its_first_200_not_a_409(lawyer_api, lawyer):
    draft = ApplicationFactory(lawyer=lawyer)
    first = _post(lawyer_api, f"{API}{draft.pk}/submit/", key="submit-1")
    again = _post(lawyer_api, f"{API}{draft.pk}/submit/", key="submit-1")
    assert first.status_code == again.status_code == 200
    assert again.json()["reference"] == first.json()["reference"]
    # Without the key the second submit is the rule's 409, as before.
    assert _post(lawyer_api, f"{API}{draft.pk}/submit/").status_code == 409


def test_a_retried_request_gets_its_first_error_again_too(lawyer_api, lawyer):
    draft = ApplicationFactory(lawyer=lawyer, debtor_iin_bin="791028302729")
    first = _post(lawyer_api, f"{API}{draft.pk}/submit/", key="bad")
    draft.debtor_iin_bin = "791028302728"
    draft.save()
    again = _post(lawyer_api, f"{API}{draft.pk}/submit/", key="bad")
    assert first.status_code == again.status_code == 400
    assert again.json() == first.json()


def test_keys_are_per_user(client, lawyer):
    other = UserFactory(role="lawyer")
    client.force_login(lawyer)
    _post(client, API, _body(), key="shared")
    client.force_login(other)
    assert _post(client, API, _body(), key="shared").status_code == 201
    assert Application.objects.filter(lawyer=other).count() == 1


def test_a_key_is_forgotten_after_24_hours(lawyer_api, lawyer):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _post(lawyer_api, API, _body(), key="daily")
        clock.shift(timedelta(hours=23))
        lawyer_api.force_login(lawyer)  # a new session: the old one may have ended meanwhile
        assert _post(lawyer_api, API, _body(court_name="Другой"), key="daily").status_code == 422
        clock.shift(timedelta(hours=2))
        lawyer_api.force_login(lawyer)
        assert _post(lawyer_api, API, _body(court_name="Другой"), key="daily").status_code == 201
        assert Application.objects.count() == 2
        clock.shift(timedelta(hours=25))
        assert idempotency_keys_purge() == 1
    assert not IdempotencyKey.objects.exists()


def test_a_key_longer_than_255_characters_is_a_400(lawyer_api):
    response = _post(lawyer_api, API, _body(), key="x" * 256)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not Application.objects.exists()
    assert _post(lawyer_api, API, _body(), key="x" * 255).status_code == 201


def test_a_key_works_with_a_token_and_anonymous_callers_still_get_the_401(client, lawyer):
    token = _post(client, "/api/v1/auth/token/", {"username": "lawyer", "password": "correct-horse-battery"})
    auth = {"HTTP_AUTHORIZATION": f"Token {token.json()['token']}"}
    assert _post(client, API, _body(), key="t", **auth).status_code == 201
    assert _post(client, API, _body(), key="t", **auth).status_code == 201
    assert Application.objects.count() == 1
    assert Client().post(API, _body(), content_type="application/json",
                         HTTP_IDEMPOTENCY_KEY="t").status_code in (401, 403)


def test_a_retried_upload_attaches_one_document(lawyer_api, lawyer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    draft = ApplicationFactory(lawyer=lawyer, with_documents=False)
    content = pdf_bytes()
    answers = [
        lawyer_api.post(f"{API}{draft.pk}/documents/",
                        {"kind": "other", "file": SimpleUploadedFile("scan.pdf", content, "application/pdf")},
                        HTTP_IDEMPOTENCY_KEY="upload-1")
        for _ in range(2)
    ]
    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert ApplicationDocument.objects.filter(application=draft).count() == 1
    other_file = lawyer_api.post(
        f"{API}{draft.pk}/documents/",
        {"kind": "other", "file": SimpleUploadedFile("scan.pdf", pdf_bytes("Another"), "application/pdf")},
        HTTP_IDEMPOTENCY_KEY="upload-1")
    assert other_file.status_code == 422


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_identical_requests_at_the_same_instant_make_one_draft():
    lawyer = UserFactory(role="lawyer", username="racer")
    rounds, answers = 6, []
    for round_ in range(rounds):
        barrier = threading.Barrier(2)
        results = []

        def send(key=f"race-{round_}", barrier=barrier, results=results):
            try:
                client = Client()
                client.force_login(lawyer)
                barrier.wait()
                response = _post(client, API, _body(), key=key)
                results.append((response.status_code, response.json()["id"]))
            finally:
                connection.close()

        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        answers.append(results)
    assert Application.objects.filter(lawyer=lawyer).count() == rounds
    for results in answers:
        assert [status for status, _ in results] == [201, 201]
        assert results[0][1] == results[1][1]
