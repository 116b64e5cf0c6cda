"""The project's own 403, 404 and 500 pages (DEBUG is False in tests, as in production), in each language."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _client(language: str, **kwargs) -> Client:
    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _heading(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_page_is_our_own_404_in_the_users_language(language):
    response = _client(language).get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert 'data-testid="error-page" data-status="404"' in page
    assert _heading(language, "Page not found") in page
    assert "Not Found" not in page  # not Django's bare English page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_record_one_may_not_see_is_the_same_404_with_the_menu(language):
    client = _client(language)
    client.force_login(UserFactory(role="lawyer"))
    response = client.get("/applications/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-status="404"' in page
    assert 'data-testid="current-user"' in page  # the menu is there: the user can go on from here


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_forbidden_action_is_our_own_403_without_the_exceptions_message(language):
    client = _client(language)
    client.force_login(UserFactory(role="lawyer"))
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert 'data-status="403"' in page
    assert _heading(language, "Access denied") in page
    assert "a message for the log" not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_failure_is_our_own_500_showing_nothing_of_the_error(language):
    response = _client(language, raise_request_exception=False).get("/test-broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert 'data-status="500"' in page
    assert _heading(language, "Something went wrong") in page
    assert "RuntimeError" not in page and "a bug" not in page
