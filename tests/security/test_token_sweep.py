"""API tokens without knox's sweep at every request (issue 15): a token used after its expiry answers 401 and is
deleted, the user's other expired tokens wait for the daily purge, which drops every expired token."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from knox.models import get_token_model

from chamber_portal.core.models import ApiToken
from chamber_portal.core.security.tokens import tokens_live
from chamber_portal.core.tasks import security_logs_purge
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/applications/"


def _token(user, days: int):
    instance, token = get_token_model().objects.create(user=user, expiry=dt.timedelta(days=days))
    return instance, token


def test_an_expired_token_answers_401_and_is_deleted_when_used(client):
    user = UserFactory(role="lawyer")
    instance, token = _token(user, 1)
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, minutes=1)):
        assert client.get(API, HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    assert not ApiToken.objects.filter(pk=instance.pk).exists()


def test_a_live_token_leaves_the_users_expired_ones_to_the_daily_purge(client):
    user = UserFactory(role="lawyer")
    expired, _ = _token(user, 1)
    live, token = _token(user, 30)
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert client.get(API, HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
        assert set(ApiToken.objects.values_list("pk", flat=True)) == {expired.pk, live.pk}
        assert list(tokens_live(user)) == [live]  # nobody counts the expired one meanwhile
        security_logs_purge()
    assert list(ApiToken.objects.all()) == [live]
