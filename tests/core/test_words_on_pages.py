"""Words on the pages: every label through gettext, no developer's path on a user's page."""

import pytest
from django.utils import translation

from inspections.forms import InspectorChoiceField
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


def test_an_inspectors_label_goes_through_the_catalogue_not_an_fstring(monkeypatch):
    national = UserFactory(role="staff", full_name="Жанна Серикова")
    regional = UserFactory(role="staff", full_name="Айгерим Нурланова", region=region("KZ-75"))
    field = InspectorChoiceField(queryset=type(national).objects.none())
    translated = {"%(name)s (national)": "%(name)s (республиканская палата)",
                  "%(name)s (%(region)s)": "%(name)s, %(region)s"}
    monkeypatch.setattr("inspections.forms._", lambda message: translated.get(message, message))
    with translation.override("ru"):
        assert field.label_from_instance(national) == "Жанна Серикова (республиканская палата)"
        assert field.label_from_instance(regional) == "Айгерим Нурланова, Алматы"


def test_the_dashboard_shows_no_developers_path(client):
    client.force_login(UserFactory(role="staff"))
    page = client.get("/dashboard/").content.decode()
    assert "docs/adr" not in page
    assert 'data-testid="how-counted"' in page
