"""Schemathesis over the whole OpenAPI schema (issue 13): every operation of /api/v1/schema/, called in-process
through the WSGI application with generated parameters and bodies (valid and invalid), as a lawyer, a member of
staff (a token from auth/token/ with the second factor) and anonymously. No answer is a server error, and each
status code is one the schema documents.

SCHEMA_FUZZ_EXAMPLES sets the examples per operation and caller. The default, 60, keeps the three runs (every
operation but auth/logout/, which would end the run's own token) near three minutes on the shared 2-core machine;
a few hundred would take a quarter of an hour (150 took 285 s for the lawyer alone), so the deeper run is
`SCHEMA_FUZZ_EXAMPLES=300`, by hand. The run is a plain test, so CI runs it with the rest of the suite (nothing
skips it)."""

import contextlib
import os
import time
from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals as django_signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from intake.models import ReferenceSequence
from tests.factories import UserFactory
from tests.review.scope_world import World
from tests.support import api_token

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMA_FUZZ_EXAMPLES", "60"))
# Signing out would revoke the token the run uses, and every later call would be a 401.
NOT_FUZZED = {("POST", "/api/v1/auth/logout/")}


@pytest.fixture
def unthrottled(settings):
    # The fuzzer is one client sending thousands of requests: the throttle would answer most of them 429.
    settings.API_THROTTLE_ANON = settings.API_THROTTLE_USER = "1000000/min"


@contextmanager
def in_the_tests_transaction():
    """The WSGI handler as Django's test client runs it: the handler closes the database connection at each
    request's start and end, which would end the test's transaction (the test client reconnects the signals after
    each of its own requests, hence a context around the run rather than a fixture)."""
    django_signals.request_started.disconnect(close_old_connections)
    django_signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        django_signals.request_started.connect(close_old_connections)
        django_signals.request_finished.connect(close_old_connections)


def _schema():
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


def _known_ids(world) -> dict[str, list[int]]:
    """Ids of real rows by the path's resource (and the named path parameters), so that some examples reach the
    services rather than a 404: a generated id is swapped for one of these in about half the examples."""
    return {
        "applications": [world.case.pk, world.draft.pk], "bailiffs": [world.holder.pk],
        "complaints": [world.complaint.pk], "breach-decisions": [world.breach_decision.pk],
        "reassignments": [world.complaint.reassignment.pk], "inspections": [world.inspection.pk],
        "action_id": [world.entry.pk], "case_id": [world.inspection.cases.get().pk],
    }


def _with_known_ids(case, known: dict[str, list[int]], pick: int) -> None:
    resource = case.operation.path.removeprefix("/api/v1/").split("/")[0]
    for name in list(case.path_parameters or {}):
        ids = known.get(name) or (known.get(resource, []) if name == "pk" else [])
        if pick < len(ids):
            case.path_parameters[name] = ids[pick]


def _fuzz(headers: dict, known: dict[str, list[int]]) -> list[str]:
    """Run every operation; return the failures (operation, status, request) rather than stop at the first."""
    failures: list[str] = []
    for result in _schema().get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in NOT_FUZZED:
            continue

        label = f"{operation.method.upper()} {operation.path}"

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        @given(case=operation.as_strategy(), pick=st.integers(0, 3))
        def run(case, pick):
            _with_known_ids(case, known, pick)
            # Each example in a savepoint rolled back after it: a database error in one answer (a 500 too) does
            # not abort the test's transaction for the next, and every example meets the same rows.
            with transaction.atomic():
                response = case.call(headers=headers)
                transaction.set_rollback(True)
            try:
                case.validate_response(response, checks=[not_a_server_error, status_code_conformance],
                                       headers=headers)
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 — collected, reported together below
                failures.append(f"{label} ({case.formatted_path}) -> {response.status_code}: "  # noqa: B023
                                f"{str(error).splitlines()[0][:300]}")
                raise

        with contextlib.suppress(Exception, BaseExceptionGroup):  # in `failures`; go on with the next operation
            run()
    return failures


@pytest.mark.parametrize("caller", ["lawyer", "staff", "anonymous"])
def test_no_operation_answers_a_server_error(client, unthrottled, caller):
    world = World()
    # The world's cases carry references written by hand (75-2026-000001 …): the sequence starts past them, as
    # in a real register, where only application_submit gives references.
    ReferenceSequence.objects.update_or_create(region=world.almaty, year=world.today.year,
                                               defaults={"last": 800_000})
    headers = {}
    if caller != "anonymous":
        headers["Authorization"] = f"Token {api_token(client, world.users[caller])}"
    started = time.monotonic()
    with in_the_tests_transaction():
        failures = _fuzz(headers, _known_ids(world))
    print(f"{caller}: {EXAMPLES} examples per operation in {time.monotonic() - started:.0f} s")
    assert failures == []


@pytest.mark.parametrize(("value", "status"),
                         [("7400-02-25T10:10:59.3+23:05", 200), ("0001-01-01T00:00:00+05:00", 200),
                          ("9999-12-31T23:00:00-05:00", 200)])
def test_an_updated_after_with_an_offset_postgresql_refuses_is_no_server_error(client, value, status):
    # Found by the fuzzer: PostgreSQL refuses offsets beyond ±15:59 that Python accepts (a 500 before).
    client.force_login(UserFactory(role="lawyer"))
    response = client.get("/api/v1/powers-of-attorney/", {"updated_after": value})
    assert response.status_code == status, response.content
