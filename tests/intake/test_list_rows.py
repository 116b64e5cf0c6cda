"""The rows of the lawyer's list and the staff queue, filled in by intake/views/rows.py (issue 15), show what the
template tags showed: the link, the badge, dates as SHORT_DATE_FORMAT in Asia/Almaty, "—" for a blank, red overdue."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import Application
from intake.services import application_submit
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_overdue_original_is_a_red_row_with_its_due_date_marked_overdue(client):
    late = application_submit(application=(draft := ApplicationFactory(debtor_name="Ахметов <Ерлан>")), by=draft.lawyer)
    due = timezone.localdate() - timedelta(days=1)
    Application.objects.filter(pk=late.pk).update(
        original_due=due, submitted_at=datetime(2026, 3, 20, 19, 30, tzinfo=UTC),  # 21 March in Almaty
    )
    client.force_login(UserFactory(role="staff"))
    page = client.get(reverse("intake:staff_queue")).content.decode()
    row = page[page.index("<tr class=\"table-danger\">"):]
    row = row[:row.index("</tr>")]
    assert f'<a href="{reverse("intake:application_detail", args=[late.pk])}">{late.reference}</a>' in row
    assert 'data-status="submitted"' in row and "Ахметов &lt;Ерлан&gt;" in row and "21.03.2026" in row
    assert f'<span class="overdue">{due:%d.%m.%Y} · просрочен' in row


def test_a_bare_draft_reads_draft_and_dashes_in_the_lawyers_list(client):
    draft = ApplicationFactory(category="", region=None, debtor_name="", with_documents=False)
    client.force_login(draft.lawyer)
    page = client.get(reverse("intake:application_list")).content.decode()
    row = page[page.index(f'<a href="{reverse("intake:application_detail", args=[draft.pk])}">'):]
    row = row[:row.index("</tr>")]
    assert ">Черновик</a>" in row and row.count("<td>—</td>") == 4
