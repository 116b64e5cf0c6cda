"""Every app the administration lists is named in the reader's language, third-party apps included."""

import pytest
from django.contrib import admin
from django.utils import translation


def _app_names(language: str) -> dict[str, str]:
    with translation.override(language):
        return {model._meta.app_label: str(model._meta.app_config.verbose_name) for model in admin.site._registry}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_app_in_the_administration_has_a_name_in_the_readers_language(language):
    english, translated = _app_names("en"), _app_names(language)
    untranslated = sorted(label for label, name in translated.items() if name == english[label])
    assert untranslated == [], untranslated
