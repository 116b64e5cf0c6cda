"""Webhooks (issue 14): each status event POSTed signed to the lawyer's endpoint, retried with backoff, logged;
a local HTTP server on 127.0.0.1 stands for the bank (development mode allows it)."""

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.utils import timezone

from intake.services import application_submit
from tests.factories import ApplicationFactory, UserFactory
from webhooks.models import DeliveryStatus, WebhookDelivery
from webhooks.safety import NOT_HTTPS, PRIVATE_ADDRESS
from webhooks.services import SIGNATURE_HEADER
from webhooks.tasks import webhooks_retry_due_task

pytestmark = pytest.mark.django_db
API = "/api/v1/webhooks/"


class Bank:
    """A receiver on 127.0.0.1 that records each POST and answers the status codes it is given, in turn."""

    def __init__(self, answers=(200,)):
        self.received, self.answers = [], list(answers)
        bank = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                bank.received.append((dict(self.headers), body))
                self.send_response(bank.answers.pop(0) if len(bank.answers) > 1 else bank.answers[0])
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def lawyer_api(client, lawyer):
    client.force_login(lawyer)
    return client


def _register(client, url, secret="s3cret-of-the-bank-0001"):
    return client.post(API, {"url": url, "secret": secret}, content_type="application/json")


def _submit(lawyer, capture):
    application = ApplicationFactory(lawyer=lawyer)
    with capture(execute=True):
        return application_submit(application=application, by=lawyer)


def test_each_status_event_is_posted_with_an_hmac_signature_and_logged(lawyer_api, lawyer,
                                                                       django_capture_on_commit_callbacks):
    bank = Bank()
    try:
        assert _register(lawyer_api, bank.url).status_code == 201
        application = _submit(lawyer, django_capture_on_commit_callbacks)
    finally:
        bank.close()
    assert len(bank.received) == 1
    headers, body = bank.received[0]
    payload = json.loads(body)
    assert (payload["application"], payload["reference"], payload["from"], payload["to"]) == (
        application.pk, application.reference, "draft", "submitted")
    timestamp, mac = (part.split("=", 1)[1] for part in headers[SIGNATURE_HEADER].split(","))
    expected = hmac.new(b"s3cret-of-the-bank-0001", f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(mac, expected)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 1, 200)
    log = lawyer_api.get("/webhooks/")
    assert log.status_code == 200 and application.reference in log.content.decode()
    endpoint_id = lawyer_api.get(API).json()["results"][0]["id"]
    assert lawyer_api.get(f"{API}{endpoint_id}/deliveries/").json()["results"][0]["status"] == "delivered"


def test_a_failed_delivery_is_retried_with_backoff_until_it_is_delivered(lawyer_api, lawyer,
                                                                         django_capture_on_commit_callbacks):
    bank = Bank(answers=[500, 503, 200])
    try:
        _register(lawyer_api, bank.url)
        _submit(lawyer, django_capture_on_commit_callbacks)
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
        first_wait = delivery.next_attempt_at - timezone.now()
        assert timedelta(seconds=8) < first_wait <= timedelta(seconds=10)
        assert webhooks_retry_due_task() == 0  # not due yet
        with time_machine.travel(timezone.now() + timedelta(seconds=11)):
            assert webhooks_retry_due_task() == 1
        delivery.refresh_from_db()
        assert (delivery.attempts, delivery.last_status_code) == (2, 503)
        assert delivery.next_attempt_at - timezone.now() > timedelta(seconds=15)  # the wait doubled
        with time_machine.travel(timezone.now() + timedelta(seconds=45)):  # 11 s + the doubled 20 s
            webhooks_retry_due_task()
    finally:
        bank.close()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 3)
    assert len(bank.received) == 3


def test_outside_development_plain_http_and_private_addresses_are_refused(lawyer_api, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    assert _register(lawyer_api, "http://example.com/hook").json() == {"url": [str(NOT_HTTPS)]}
    for private in ("https://127.0.0.1/hook", "https://10.0.0.5/hook", "https://[::1]/hook",
                    "https://169.254.169.254/latest"):
        response = _register(lawyer_api, private)
        assert response.status_code == 400, private
        assert response.json() == {"url": [str(PRIVATE_ADDRESS)]}


def test_a_lawyer_sees_only_his_or_her_endpoints_and_others_may_not_register(client, lawyer, national_staff):
    client.force_login(lawyer)
    _register(client, "http://127.0.0.1:9/hook")
    client.force_login(UserFactory(role="lawyer"))
    assert client.get(API).json()["count"] == 0
    client.force_login(national_staff)
    assert _register(client, "http://127.0.0.1:9/hook").status_code == 403


def test_events_of_a_lawyer_without_endpoints_send_nothing(lawyer, django_capture_on_commit_callbacks):
    _submit(lawyer, django_capture_on_commit_callbacks)
    assert not WebhookDelivery.objects.exists()
