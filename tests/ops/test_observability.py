"""Observability (issue 16): /livez, /metrics behind a token, JSON log lines with the request id and no IIN."""

import io
import json
import logging
from pathlib import Path

import pytest
from celery import shared_task
from django.test import override_settings

from chamber_portal.core.observability.logs import ContextFilter, MaskIinFilter, PortalJsonFormatter


@shared_task(name="tests.ops.logging_task")
def _logging_task():
    logging.getLogger("tests.ops.task").info("Checked the claimant %s", "870412300123")


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
METRIC_NAMES = [
    "chamber_http_requests_total",
    "chamber_celery_queue_length",
    "chamber_distribution_decisions_total",
    "chamber_overdue_originals",
    "chamber_overdue_initiations",
    "chamber_celery_task_failures_total",
]


def test_livez_answers_without_the_database(client):
    # No django_db mark: any query would raise.
    response = client.get("/livez")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_healthz_keeps_its_contract(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
@override_settings(METRICS_TOKEN="s3cret-token")
def test_metrics_with_the_token_return_the_metric_names(client):
    from chamber_portal.core.observability.metrics import TASK_FAILURES

    TASK_FAILURES.labels("tests.ops.example").inc(0)
    client.get("/livez")
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert response.status_code == 200
    body = response.content.decode()
    for name in METRIC_NAMES:
        assert name in body, name
    assert 'view="livez"' in body
    assert 'chamber_celery_queue_length{queue="chamber"}' in body
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "ops_metrics_scrape.txt").write_text(body)


@pytest.mark.django_db
@override_settings(METRICS_TOKEN="s3cret-token")
def test_metrics_without_or_with_a_wrong_token_are_404(client):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404


@pytest.mark.django_db
@override_settings(METRICS_TOKEN="", PRODUCTION=True)
def test_metrics_without_a_configured_token_are_404_in_production(client):
    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
@override_settings(METRICS_TOKEN="", PRODUCTION=False)
def test_metrics_without_a_configured_token_serve_only_superusers(client, django_user_model):
    assert client.get("/metrics").status_code == 404
    user = django_user_model.objects.create_user("plain", password="x-Password-1")
    client.force_login(user)
    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
def test_a_json_log_line_carries_the_request_id_and_no_iin(client, django_user_model):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.addFilter(MaskIinFilter())
    handler.setFormatter(PortalJsonFormatter())
    loggers = [logging.getLogger(), logging.getLogger("django")]  # settings: django's lines do not propagate
    for logger in loggers:
        logger.addHandler(handler)
    try:
        response = client.get("/no-such-page/870412300123/", HTTP_X_REQUEST_ID="req-abc-123")
        logging.getLogger("tests.ops").info("Application for %s filed", "870412300123")
        user = django_user_model.objects.create_user("signed-in", password="x-Password-1")
        client.force_login(user)
        client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-with-user")
        _logging_task.delay()
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    assert response["X-Request-ID"] == "req-abc-123"
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    assert lines
    request_lines = [line for line in lines if line["request_id"] == "req-abc-123"]
    assert request_lines, lines
    for line in lines:
        assert {"time", "level", "logger", "message", "request_id", "user_id"} <= line.keys()
        assert "870412300123" not in json.dumps(line)
    assert [line["user_id"] for line in lines if line["request_id"] == "req-with-user"] == [str(user.pk)]
    task_lines = [line for line in lines if line["logger"] == "tests.ops.task"]
    assert task_lines and task_lines[0]["task_id"] not in {"", "-"}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "ops_json_log_sample.jsonl").write_text(stream.getvalue())


def test_an_insane_request_id_is_replaced(client):
    response = client.get("/livez", HTTP_X_REQUEST_ID="bad id with spaces <script>")
    assert response["X-Request-ID"] != "bad id with spaces <script>"
    assert len(response["X-Request-ID"]) == 32


def test_sentry_before_send_drops_bodies_and_masks_iins():
    from chamber_portal.core.observability.sentry import before_send

    event = {"request": {"data": {"iin": "870412300123"}, "cookies": {"sessionid": "x"},
                         "headers": {"Cookie": "a", "User-Agent": "ua"}},
             "user": {"username": "Aigerim"}, "message": "IIN 870412300123 failed"}
    cleaned = before_send(event, {})
    assert "data" not in cleaned["request"] and "cookies" not in cleaned["request"]
    assert cleaned["request"]["headers"] == {"User-Agent": "ua"}
    assert "user" not in cleaned
    assert "870412300123" not in json.dumps(cleaned)


def test_task_failures_are_counted():
    from celery.signals import task_failure

    from chamber_portal.core.observability.metrics import TASK_FAILURES

    class Sender:
        name = "tests.ops.failing"

    before = TASK_FAILURES.labels("tests.ops.failing")._value.get()
    task_failure.send(sender=Sender(), task_id="t1", exception=RuntimeError("x"))
    assert TASK_FAILURES.labels("tests.ops.failing")._value.get() == before + 1


@pytest.mark.redis
def test_queue_length_is_the_redis_list_length_of_each_queue():
    import os

    import redis

    from chamber_portal.core.observability.metrics import queue_lengths

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"  # the `redis` mark checked it answers
    client = redis.Redis.from_url(url)
    client.delete("chamber", "email")
    client.rpush("chamber", "a", "b", "c")
    client.rpush("email", "x")
    try:
        with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=url):
            lengths = queue_lengths()
    finally:
        client.delete("chamber", "email")
    assert lengths["chamber"] == 3 and lengths["email"] == 1 and lengths["notifications"] == 0


def test_the_worker_serves_its_task_failures_for_a_scrape():
    import socket
    import urllib.request

    from celery.signals import task_failure

    from chamber_portal.core.observability.metrics import worker_metrics_serve

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = worker_metrics_serve(port=port, addr="127.0.0.1")
    try:
        class Sender:
            name = "tests.ops.worker_failing"

        task_failure.send(sender=Sender(), task_id="t2", exception=RuntimeError("x"))
        scraped = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
    finally:
        server.shutdown()
        server.server_close()
    assert 'chamber_celery_task_failures_total{task="tests.ops.worker_failing"} 1.0' in scraped
