import threading
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, connections

from assignment.models import Assignment, DistributionDecision
from assignment.services import application_distribute
from tests.factories import BailiffFactory, region

from .conftest import accepted


@pytest.mark.django_db
def test_verify_distribution_passes_an_honest_log(bailiffs, capsys):
    for _ in range(10):
        application_distribute(application_id=accepted().pk)
    call_command("verify_distribution", "--region", "KZ-75")
    assert "10 decisions checked" in capsys.readouterr().out


@pytest.mark.postgres
@pytest.mark.django_db
def test_verify_distribution_reports_an_altered_decision(bailiffs, capsys):
    decisions = [application_distribute(application_id=accepted().pk) for _ in range(6)]
    tampered = decisions[3]
    # The log is append-only in the database: forging it takes switching the trigger off first.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush the deferred FK checks before ALTER TABLE
        cursor.execute("ALTER TABLE assignment_distributiondecision DISABLE TRIGGER assignment_decision_append_only")
        cursor.execute("UPDATE assignment_distributiondecision SET chosen_id = %s WHERE id = %s",
                       [bailiffs[2].pk if tampered.chosen_id != bailiffs[2].pk else bailiffs[1].pk, tampered.pk])
        cursor.execute("ALTER TABLE assignment_distributiondecision ENABLE TRIGGER assignment_decision_append_only")
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_distribution")
    assert exit_.value.code == 1
    out = capsys.readouterr().out
    assert f"(decision {tampered.pk})" in out and "the rule gives" in out


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_refuses_to_change_a_decision(bailiffs):
    from django.db import DatabaseError, transaction

    decision = application_distribute(application_id=accepted().pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        DistributionDecision.objects.filter(pk=decision.pk).update(turn=99)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_threads_distributing_500_applications_into_one_region():
    bailiffs = [BailiffFactory(region=region("KZ-75")) for _ in range(7)]
    applications = [accepted().pk for _ in range(500)]
    chunks = [applications[i::8] for i in range(8)]
    errors = []

    def work(ids):
        try:
            for pk in ids:
                application_distribute(application_id=pk)
                application_distribute(application_id=pk)  # a duplicate delivery, as acks_late allows
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    per_application = Counter(Assignment.objects.values_list("application_id", flat=True))
    assert len(per_application) == 500 and set(per_application.values()) == {1}
    per_bailiff = Counter(Assignment.objects.values_list("bailiff_id", flat=True))
    assert set(per_bailiff) == {b.pk for b in bailiffs}
    assert max(per_bailiff.values()) - min(per_bailiff.values()) <= 1
    assert sorted(DistributionDecision.objects.values_list("turn", flat=True)) == list(range(1, 501))
    call_command("verify_distribution")  # exits 1 on any violation
