"""Backups restore (docs/operations.md, "Backups and restore"): data made through the services is dumped by
deploy/backup.sh, restored by deploy/restore.sh into a NEW database, `verify_distribution` passes on the restored
copy, every table has the same number of rows, and the media come back byte for byte.

The run's output is also written to test-artifacts/restore.txt."""

import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from django.utils import timezone

from assignment.models import DistributionDecision
from assignment.services import application_distribute
from complaints.services import complaint_file
from inspections.services.lifecycle import inspection_order
from tests.factories import ApplicationFactory, BailiffFactory, UserFactory, pdf_upload, region

ROOT = Path(__file__).resolve().parents[2]
ARTIFACT = ROOT / "test-artifacts" / "restore.txt"

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _url(name: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _row_counts(url: str) -> dict[str, int]:
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    conn.close()
    return counts


def _run(command: list[str], log: list[str], **env) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300,
                            env={**os.environ, "PGCONNECT_TIMEOUT": "5", **env})
    log.append(f"$ {' '.join(command)}\n{result.stdout}{result.stderr}(exit {result.returncode})\n")
    return result


def _build_data():
    """A few applications distributed by the rotation, a complaint with an attachment, an inspection."""
    almaty = region("KZ-75")
    bailiffs = [BailiffFactory(region=almaty) for _ in range(3)]
    staff = UserFactory(role="staff", region=almaty)
    cases = []
    for number in range(5):
        application = ApplicationFactory(status="accepted", region=almaty, accepted_at=timezone.now(),
                                         reference=f"75-{timezone.localdate().year}-{900100 + number}")
        assert application_distribute(application_id=application.pk) is not None
        application.refresh_from_db()
        cases.append(application)
    complaint_file(application=cases[0], by=cases[0].lawyer, ground="inaction", description="No news for weeks.",
                   attachments=[pdf_upload("letter.pdf")])
    today = timezone.localdate()
    inspection_order(bailiff=bailiffs[0], by=staff, grounds=["own_initiative"], order_number="INS-7/2026",
                     ordered_on=today, inspectors=[staff], period_from=today - timedelta(days=30), period_to=today,
                     planned_start=today, planned_end=today + timedelta(days=10), sample_size=1)
    return cases


def test_a_backup_restores_into_a_new_database_where_the_log_verifies_and_every_count_matches(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media-source"  # its own, so no other test run's clean-up empties it meanwhile
    _build_data()
    assert DistributionDecision.objects.count() == 5
    source_url = _url(connection.settings_dict["NAME"])
    restored_name = f"cp_restore_{uuid.uuid4().hex[:10]}"
    restored_url = _url(restored_name)
    media_root = Path(settings.MEDIA_ROOT)
    log: list[str] = [f"source database: {connection.settings_dict['NAME']}, restored into: {restored_name}\n"]
    try:
        backup = _run(["bash", "deploy/backup.sh", str(tmp_path / "backups")], log,
                      DATABASE_URL=source_url, MEDIA_ROOT=str(media_root), BACKUP_STAMP="test", MEDIA_STORAGE="")
        assert backup.returncode == 0, backup.stderr
        folder = tmp_path / "backups" / "test"
        assert {"database.dump", "media.tar.gz", "SHA256SUMS", "MANIFEST"} <= {p.name for p in folder.iterdir()}

        restore = _run(["bash", "deploy/restore.sh", str(folder), "--media", str(tmp_path / "media")], log,
                       DATABASE_URL=restored_url)
        assert restore.returncode == 0, restore.stderr

        again = _run(["bash", "deploy/restore.sh", str(folder)], log, DATABASE_URL=restored_url)
        assert again.returncode == 1 and "exists already" in again.stderr

        verify = _run([sys.executable, "manage.py", "verify_distribution"], log, DATABASE_URL=restored_url,
                      DJANGO_ENV="development", REDIS_URL="")
        assert verify.returncode == 0, verify.stdout + verify.stderr
        assert "5 decisions checked" in verify.stdout

        source, restored = _row_counts(source_url), _row_counts(restored_url)
        log.append("table row counts (source = restored):\n" + "".join(
            f"  {table:<48} {count:>6} {'=' if restored.get(table) == count else '≠'} {restored.get(table)}\n"
            for table, count in source.items()))
        assert restored == source
        assert source["intake_application"] == 5 and source["complaints_complaint"] == 1
        assert source["inspections_inspection"] == 1

        for document in ("applications", "complaints"):
            originals = sorted(p.relative_to(media_root) for p in (media_root / document).rglob("*") if p.is_file())
            assert originals
            for relative in originals:
                assert (tmp_path / "media" / relative).read_bytes() == (media_root / relative).read_bytes()
        log.append("media: every file restored byte for byte\nRESULT: restore verified\n")
    finally:
        conn = psycopg2.connect(_url("postgres"))
        conn.autocommit = True  # DROP DATABASE runs outside a transaction
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')
        conn.close()
        ARTIFACT.parent.mkdir(exist_ok=True)
        ARTIFACT.write_text("".join(log))
