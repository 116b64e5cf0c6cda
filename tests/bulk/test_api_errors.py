"""Errors a script can use (issue 14): every operation documents each error status it can answer with its body, the
real answers have that shape, nested input errors are keyed as the input nests them, operation ids read well."""

import jsonschema
import pytest
from django.core.cache import cache

from chamber_portal.core.iin import BAD_CHECK_DIGIT, NOT_TWELVE_DIGITS
from intake.models import Application
from intake.services import application_submit
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/applications/"
BODY_OF = {  # each error status and the component its body is documented with
    "400": "FieldErrors", "401": "ErrorDetail", "403": "ErrorDetail", "404": "ErrorDetail",
    "409": "TransitionErrorOutput", "422": "IdempotencyKeyReused", "429": "ErrorDetail",
}


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method.upper(), operation


def _ref(response) -> str:
    return response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]


def _matches(schema, component: str, body) -> None:
    """The body is valid against the schema's component (refs resolved within the schema)."""
    jsonschema.validate(body, {"$ref": f"#/components/schemas/{component}", "components": schema["components"]})


def test_every_operation_documents_its_error_statuses_with_their_bodies(schema):
    problems = []
    for path, method, operation in _operations(schema):
        public = operation["operationId"] == "auth_token_obtain"
        expected = {"429"}
        if method in {"POST", "PUT", "PATCH"}:
            expected |= {"400"}
        if not public:
            expected |= {"401"} | ({"403"} if not path.startswith("/api/v1/regions/") else set())
        if method == "POST" and not public:
            expected |= {"422"}
        if "{" in path:
            expected |= {"404"}
        responses = operation["responses"]
        if missing := expected - set(responses):
            problems.append(f"{method} {path}: no {sorted(missing)}")
        for code, response in responses.items():
            if code in BODY_OF and _ref(response) != BODY_OF[code]:
                problems.append(f"{method} {path}: {code} answers {_ref(response)}")
        if "Retry-After" not in responses["429"].get("headers", {}):
            problems.append(f"{method} {path}: 429 without Retry-After")
    assert problems == []


def test_the_actions_document_their_409_and_the_lists_their_400(schema):
    paths = schema["paths"]
    assert "409" in paths["/api/v1/applications/{id}/submit/"]["post"]["responses"]
    assert "409" in paths["/api/v1/bailiffs/{id}/suspend/"]["post"]["responses"]
    assert "400" in paths["/api/v1/applications/"]["get"]["responses"]  # a bad filter or updated_after
    assert "400" in paths["/api/v1/events/"]["get"]["responses"]  # a bad cursor
    assert "409" not in paths["/api/v1/applications/batch/"]["post"]["responses"]  # each item answers in place


def test_the_error_bodies_are_documented_as_the_api_writes_them(schema):
    components = schema["components"]["schemas"]
    assert components["FieldErrors"]["additionalProperties"] == {"type": "array", "items": {"type": "string"}}
    assert set(components["TransitionErrorOutput"]["required"]) == {"detail", "code"}
    reused = components["IdempotencyKeyReused"]
    assert set(reused["required"]) == {"detail", "code"}
    code = reused["properties"]["code"]
    code = components[code["$ref"].rsplit("/", 1)[-1]] if "$ref" in code else code
    assert code["enum"] == ["idempotency_key_reused"]


def test_operation_ids_read_as_the_call_and_are_unique(schema):
    ids = [operation["operationId"] for _path, _method, operation in _operations(schema)]
    assert len(ids) == len(set(ids))
    for expected in ("applications_submit", "applications_accept", "applications_return", "bailiffs_pause",
                     "complaints_decide", "reassignments_release", "auth_token_obtain", "auth_logout",
                     "applications_create", "applications_documents_create", "inspections_cases_create"):
        assert expected in ids
    # `_create` only where it makes a row of a collection that also lists (or a sub-resource added to a record).
    listing = {path for path, method, _operation in _operations(schema) if method == "GET"}
    odd = [operation["operationId"] for path, method, operation in _operations(schema)
           if operation["operationId"].endswith("_create") and path not in listing
           and operation["operationId"] not in {"applications_batch_create", "inspections_cases_create"}]
    assert odd == []


# --- the real answers have the documented shape ---------------------------------------------------------------


@pytest.fixture
def lawyer_api(client, lawyer):
    client.force_login(lawyer)
    return client


def _post(client, url, body=None, **headers):
    return client.post(url, body or {}, content_type="application/json", **headers)


def test_a_nested_input_error_is_keyed_as_the_input_nests_it(lawyer_api, schema):
    response = _post(lawyer_api, API, {"creditor": {"iin_bin": "9401400003851"}, "decision_date": "soon"})
    assert response.status_code == 400
    body = response.json()
    assert body["creditor.iin_bin"] == [str(NOT_TWELVE_DIGITS)]
    assert set(body) == {"creditor.iin_bin", "decision_date"}
    _matches(schema, "FieldErrors", body)
    assert not Application.objects.exists()


def test_the_intake_checks_on_submit_name_the_field_as_the_input_nests_it(lawyer_api, lawyer, schema):
    draft = ApplicationFactory(lawyer=lawyer, creditor_iin_bin="940140000386")
    response = _post(lawyer_api, f"{API}{draft.pk}/submit/")
    assert response.status_code == 400
    assert response.json() == {"creditor.iin_bin": [str(BAD_CHECK_DIGIT)]}
    _matches(schema, "FieldErrors", response.json())


def test_a_batch_item_names_its_nested_field_in_the_same_way(lawyer_api, schema):
    response = _post(lawyer_api, f"{API}batch/", {"applications": [{"court_name": "Суд"},
                                                                  {"debtor": {"iin_bin": "7910283027281"}}]})
    assert response.status_code == 200
    errors = response.json()["results"][1]["errors"]
    assert errors == {"debtor.iin_bin": [str(NOT_TWELVE_DIGITS)]}
    _matches(schema, "FieldErrors", errors)


def test_a_bad_batch_body_names_the_item_by_its_index(lawyer_api, schema):
    response = _post(lawyer_api, f"{API}batch/submit/", {"ids": [1, "two"]})
    assert response.status_code == 400
    assert set(response.json()) == {"ids.1"}
    _matches(schema, "FieldErrors", response.json())


def test_403_404_409_and_422_answer_their_documented_bodies(client, lawyer, schema):
    submitted = application_submit(application=ApplicationFactory(lawyer=lawyer), by=lawyer)
    client.force_login(UserFactory(role="staff", region=None))
    forbidden = _post(client, API, {"court_name": "Суд"})
    assert forbidden.status_code == 403
    _matches(schema, "ErrorDetail", forbidden.json())
    client.force_login(lawyer)
    missing = client.get(f"{API}999999/")
    assert missing.status_code == 404
    _matches(schema, "ErrorDetail", missing.json())
    conflict = _post(client, f"{API}{submitted.pk}/submit/")
    assert conflict.status_code == 409
    assert set(conflict.json()) == {"detail", "code"}
    _matches(schema, "TransitionErrorOutput", conflict.json())
    assert _post(client, API, {"court_name": "А"}, HTTP_IDEMPOTENCY_KEY="k-1").status_code == 201
    reused = _post(client, API, {"court_name": "Б"}, HTTP_IDEMPOTENCY_KEY="k-1")
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"
    _matches(schema, "IdempotencyKeyReused", reused.json())


def test_401_and_429_answer_their_documented_bodies(client, lawyer, schema, settings):
    wrong = client.get(API, HTTP_AUTHORIZATION="Token not-a-token")
    assert wrong.status_code == 401
    _matches(schema, "ErrorDetail", wrong.json())
    settings.API_THROTTLE_USER = "2/min"
    cache.clear()
    client.force_login(lawyer)
    answers = [client.get(API) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    _matches(schema, "ErrorDetail", answers[-1].json())
