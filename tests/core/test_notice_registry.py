"""The notification centre keeps a registry: each app registers its own notice kinds (its notices.py)."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from chamber_portal.core import notifications

NOTICES_OF = {
    "intake": ("applications", ["application_original_registered", "application_accepted", "application_returned",
                                "application_lapsed", "power_of_attorney_expiring"]),
    "assignment": ("cases", ["case_assigned", "bailiff_appointed", "case_initiated", "case_closed",
                             "case_region_changed"]),
    "complaints": ("complaints", ["complaint_filed", "complaint_decided", "reassignment_released"]),
    "inspections": ("inspections", ["inspection_ordered", "inspection_completed"]),
}


@pytest.fixture
def empty_registry(monkeypatch):
    for name, value in (("TOPICS", {}), ("TOPIC_OF", {}), ("OWN_EMAIL", set()), ("MESSAGES", {})):
        monkeypatch.setattr(notifications, name, value)


@pytest.mark.parametrize("app", NOTICES_OF)
def test_each_app_registers_its_own_notice_kinds_at_start_up(app):
    topic, kinds = NOTICES_OF[app]
    source = (Path(settings.BASE_DIR) / app / "notices.py").read_text(encoding="utf-8")
    assert all(f'"{kind}"' in source for kind in kinds)
    assert notifications.TOPICS[topic][1] == kinds
    assert all(notifications.TOPIC_OF[kind] == topic and kind in notifications.MESSAGES for kind in kinds)


def test_the_topics_keep_their_order_in_the_e_mail_settings():
    assert list(notifications.TOPICS) == ["applications", "cases", "complaints", "inspections"]


def test_the_core_names_no_app_s_notice_kind():
    source = Path(notifications.__file__).read_text(encoding="utf-8")
    strings = {node.value for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Constant)}
    assert not strings & {kind for _topic, kinds in NOTICES_OF.values() for kind in kinds}


def test_registering_the_same_kinds_again_changes_nothing(empty_registry):
    for _ in range(2):
        notifications.register_notice_kinds(topic="t", label="T", messages={"a": "A %(x)s"}, own_email=["a"])
    assert notifications.TOPICS == {"t": ("T", ["a"])}
    assert notifications.TOPIC_OF == {"a": "t"}
    assert sorted(notifications.OWN_EMAIL) == ["a"]


def test_apps_may_share_a_topic(empty_registry):
    notifications.register_notice_kinds(topic="t", label="T", messages={"a": "A"})
    notifications.register_notice_kinds(topic="t", label="T", messages={"b": "B"})
    assert notifications.TOPICS == {"t": ("T", ["a", "b"])}


def test_a_kind_under_a_second_topic_or_an_own_e_mail_without_a_message_is_refused(empty_registry):
    notifications.register_notice_kinds(topic="t", label="T", messages={"a": "A"})
    with pytest.raises(ValueError, match="another topic"):
        notifications.register_notice_kinds(topic="u", label="U", messages={"a": "A"})
    with pytest.raises(ValueError, match="without a message"):
        notifications.register_notice_kinds(topic="u", label="U", messages={"b": "B"}, own_email=["c"])


@pytest.mark.django_db
def test_a_notice_of_a_kind_no_app_registered_is_refused_and_nothing_is_written():
    from django.db import transaction

    from chamber_portal.core.models import Notification
    from chamber_portal.core.notifications import notifications_create
    from tests.factories import UserFactory

    user = UserFactory(role="lawyer")
    with pytest.raises(ValueError, match="case_asigned"), transaction.atomic():
        notifications_create(items=[(user, "case_assigned", {"reference": "R-1"}, "/"),
                                    (user, "case_asigned", {"reference": "R-1"}, "/")])
    assert not Notification.objects.exists()
