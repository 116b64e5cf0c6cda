"""Release every held reassignment whose breach decision is in force (Rules No. 652, clause 12): what the daily
task does, run by hand.

`--date` may only look back: the rule is applied to the day given, and a command cannot move the clock forward
to put a decision in force early. A past date is stricter than today, never looser.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from complaints.guards import breach_decision_in_force
from complaints.models import Reassignment, ReassignmentStatus
from complaints.services import hold_explanation, reassignments_release_due


def _day(value: str | None) -> date:
    today = timezone.localdate()
    if not value:
        return today
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(_("--date must be a date as YYYY-MM-DD, not %(value)s.") % {"value": value}) from error
    if day > today:
        raise CommandError(_(
            "--date %(day)s is later than today (%(today)s): a decision cannot be put in force early, so a future "
            "date is refused."
        ) % {"day": day.isoformat(), "today": today.isoformat()})
    return day


class Command(BaseCommand):
    help = ("Release every held reassignment whose breach decision is in force (clause 12), as the daily task does; "
            "print how many were released and why the others stay held.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="apply the rule on this day, YYYY-MM-DD (default: today; not later)")

    def handle(self, *args, **options):
        day = _day(options["date"])
        released = reassignments_release_due(today=day)
        self.stdout.write(self.style.SUCCESS(
            ngettext("%(day)s: released %(count)d held reassignment.",
                     "%(day)s: released %(count)d held reassignments.", released)
            % {"day": day.isoformat(), "count": released}))
        held = list(Reassignment.objects.filter(status=ReassignmentStatus.HELD)
                    .select_related("application", "bailiff", "decision").order_by("id"))
        self.stdout.write(_("Still held: %(count)d.") % {"count": len(held)})
        for reassignment in held:
            if breach_decision_in_force(application=reassignment.application, bailiff_id=reassignment.bailiff_id,
                                        today=day):
                why = _("A breach decision is in force, but the release was refused; see the log.")
            else:
                why = hold_explanation(reassignment, day)
            self.stdout.write(f"  #{reassignment.pk} {reassignment.application.reference} "
                              f"({reassignment.bailiff.full_name}): {why}")
