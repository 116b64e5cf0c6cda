"""The background check of a spreadsheet moves it from checking to checked, and that change writes its audit event
once (issue 18: every state change writes one), however often the task runs."""

import pytest
from django.urls import reverse

from chamber_portal.core.models import AuditEvent
from intake.models import ImportStatus, SpreadsheetImport
from intake.services.spreadsheet import spreadsheet_check

from .test_spreadsheet import _row, _upload, _xlsx

pytestmark = pytest.mark.django_db


def test_the_finished_check_writes_one_event_with_the_rows_and_problems_counted(
        client, lawyer, django_capture_on_commit_callbacks):
    client.force_login(lawyer)
    rows = [_row(document_number="ИЛ-0000101"), _row(document_number="ИЛ-0000102", court_name="")]
    _upload(client, django_capture_on_commit_callbacks, _xlsx(rows))  # the check runs at commit, in-process
    sheet = SpreadsheetImport.objects.get(lawyer=lawyer)
    assert sheet.status == ImportStatus.CHECKED

    spreadsheet_check(sheet_id=sheet.pk)  # a redelivered task: the sheet has moved, nothing more is written
    [event] = AuditEvent.objects.filter(object_id=str(sheet.pk), kind="spreadsheet_checked")
    assert (event.actor, event.from_state, event.to_state) == (None, ImportStatus.CHECKING, ImportStatus.CHECKED)
    assert event.data == {"rows": 2, "with_problems": 1}  # the unchanged example row is skipped
    assert client.get(reverse("intake:spreadsheet_detail", args=[sheet.pk])).status_code == 200
