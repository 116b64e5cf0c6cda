import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _lang(response) -> str:
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


def test_russian_is_the_default(client):
    response = client.get("/")
    assert _lang(response) == "ru"
    assert "Войти" in response.content.decode()


def test_an_unknown_browser_language_falls_back_to_russian(client):
    assert _lang(client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")) == "ru"


def test_the_language_switch_shows_kazakh_and_english(client):
    client.force_login(UserFactory(role="lawyer"))
    client.post(reverse("set_language"), {"language": "kk", "next": "/"})
    kazakh = client.get("/")
    assert _lang(kazakh) == "kk"
    assert "Шығу" in kazakh.content.decode()  # "Log out"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Log out" in client.get("/").content.decode()


def test_an_unknown_language_code_keeps_russian(client):
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert _lang(client.get("/")) == "ru"


def test_a_field_error_is_translated_to_kazakh(client):
    client.post(reverse("set_language"), {"language": "kk", "next": "/"})
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert "Бұл өрісті толтыру міндетті." in response.content.decode()
