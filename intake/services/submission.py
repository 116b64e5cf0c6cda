from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from chamber_portal.core.models import Region, User
from chamber_portal.core.working_days import add_working_days
from chamber_portal.documents.models import DocumentKind
from chamber_portal.documents.services import document_issue_on_commit

from .. import rules
from ..audit_events import IntakeEvent
from ..checks import intake_problems
from ..models import Application, DocumentType, ReferenceSequence, Status
from .common import locked, require_lawyer, require_status, transition


def reference_next(*, region: Region, year: int) -> str:
    """`75-2026-000123`: region, year, sequence. The sequence row's lock serialises a region's submissions."""
    sequence, _created = ReferenceSequence.objects.get_or_create(region=region, year=year)
    sequence = ReferenceSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{region.number}-{year}-{sequence.last:06d}"


@transaction.atomic
def application_submit(*, application: Application, by: User) -> Application:
    """Run every intake check, give the reference, and start the paper-original clock (docs/domain.md §4)."""
    application = locked(application)
    require_lawyer(application, by)
    require_status(application, Status.DRAFT)
    if problems := intake_problems(application):
        raise ValidationError(problems)
    now = timezone.now()
    # The claimant's standing power of attorney stands in for an upload (intake/rules.py); recorded for the staff.
    if not application.documents.filter(kind=DocumentType.POWER_OF_ATTORNEY).exists():
        application.standing_power_of_attorney = rules.standing_power_of_attorney(
            application, today=timezone.localdate(now))
    application.reference = reference_next(region=application.region, year=timezone.localdate(now).year)
    application.submitted_at = now
    application.original_due = add_working_days(timezone.localdate(now), settings.INTAKE_ORIGINAL_DUE_WORKING_DAYS)
    try:
        with transaction.atomic():  # a savepoint: the unique index decides a race the check above could not see
            application = transition(
                application, to=Status.SUBMITTED, by=by, kind=IntakeEvent.SUBMITTED,
                data={"reference": application.reference, "original_due": application.original_due},
                fields=["reference", "submitted_at", "original_due", "standing_power_of_attorney"],
            )
        # The filing receipt as a PDF with legal effect, rendered in the documents queue after commit (issue 16).
        document_issue_on_commit(kind=DocumentKind.FILING_RECEIPT, owner=application)
        return application
    except IntegrityError as error:
        if rules.ONE_LIVE_FILING not in str(error):
            raise
        # Another submit of the same document committed first; its row is visible to this statement now.
        existing = rules.live_filing_of(application)
        raise ValidationError({"document_number": [
            rules.already_filed_message(existing) if existing else str(rules.ALREADY_FILED_SOMEWHERE)
        ]}) from error
