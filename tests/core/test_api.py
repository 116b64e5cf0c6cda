import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anyone_lists_the_twenty_regions_by_code(client):
    response = client.get("/api/v1/regions/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    codes = [region["code"] for region in response.json()]
    assert len(codes) == 20 and "KZ-75" in codes
    assert client.get("/api/v1/regions/KZ-75/").json()["name_kk"] == "Алматы"


def test_a_user_gets_a_token_and_uses_it(client):
    UserFactory(username="asel")
    token = client.post("/api/v1/auth/token/", {"username": "asel", "password": "correct-horse-battery"},
                        content_type="application/json").json()["token"]
    assert client.get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_wrong_credentials_get_a_400_with_a_message(client):
    response = client.post("/api/v1/auth/token/", {"username": "nobody", "password": "x"},
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"]


def test_the_openapi_schema_and_the_docs_are_served(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/regions/" in schema.json()["paths"]
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()  # Swagger UI from our own static files
