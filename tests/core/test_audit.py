import pytest
from django.db import DatabaseError, connection, transaction

from chamber_portal.core.audit import AuditKind, audit_record
from chamber_portal.core.models import AuditEvent, Region
from chamber_portal.core.models.audit import AuditEventIsAppendOnly
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class SampleEvent(AuditKind):
    RENAMED = "renamed"
    X = "x"


def _event():
    actor = UserFactory(role="staff")
    with transaction.atomic():
        return audit_record(actor=actor, obj=Region.objects.get(code="KZ-75"), kind=SampleEvent.RENAMED,
                            before="a", after="b", data={"why": "test"})


def test_an_audit_event_records_who_did_what_to_which_object():
    event = _event()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.obj == Region.objects.get(code="KZ-75")
    assert (stored.kind, stored.from_state, stored.to_state, stored.data) == ("renamed", "a", "b", {"why": "test"})
    assert stored.actor.role == "staff"


@pytest.mark.django_db(transaction=True)
def test_an_audit_event_is_refused_outside_a_transaction():
    with pytest.raises(RuntimeError, match="transaction"):
        audit_record(actor=None, obj=Region.objects.first(), kind=SampleEvent.X)


def test_an_audit_event_stores_the_value_of_its_kinds_member():
    stored = AuditEvent.objects.get(pk=_event().pk)
    assert type(stored.kind) is str and stored.kind == "renamed"


def test_an_audit_kind_that_is_a_plain_string_is_refused():
    # Every kind is a member of an app's enumeration, so a search for the member finds every writer.
    written = AuditEvent.objects.count()
    with pytest.raises(TypeError, match="AuditKind"), transaction.atomic():
        audit_record(actor=None, obj=Region.objects.first(), kind="renamed")
    assert AuditEvent.objects.count() == written


def test_the_model_refuses_to_change_or_delete_an_event():
    event = _event()
    event.kind = "forged"
    with pytest.raises(AuditEventIsAppendOnly):
        event.save()
    with pytest.raises(AuditEventIsAppendOnly):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).kind == "renamed"


@pytest.mark.postgres
def test_postgresql_refuses_update_and_delete_of_audit_rows():
    event = _event()
    for statement in (
        "UPDATE core_auditevent SET kind = 'forged' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(kind="forged")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).kind == "renamed"

