"""A lawyer's complaint about a bailiff: filed, taken up by staff, explained by the bailiff (docs/domain.md §4)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.access import staff_of_region
from chamber_portal.core.audit import audit_record
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import User
from chamber_portal.core.notifications import notifications_create
from chamber_portal.core.working_days import add_working_days
from chamber_portal.documents.models import DocumentKind
from chamber_portal.documents.services import document_issue_on_commit
from intake.models import Application, Status
from intake.services.common import require_lawyer

from ..audit_events import ComplaintEvent
from ..models import Complaint, ComplaintAttachment, ComplaintStatus, Ground, Reassignment, ReassignmentStatus
from .common import NOT_YOURS, REQUIRED, UNKNOWN_CHOICE, check_pdfs, require_region_staff

NOT_HELD_BY_A_BAILIFF = _("A complaint about a bailiff can be filed while a bailiff holds the case.")
ALREADY_REQUESTED = _(
    "A change of bailiff is already requested on this case and held until a breach decision is in force."
)
ALREADY_DECIDED = _("The complaint is already decided.")
NOT_STAFF = _("Only Chamber staff of the region can handle the complaint.")


def complaint_url(complaint: Complaint) -> str:
    return reverse("complaints:complaint_detail", args=[complaint.pk])


def require_complaint_staff(complaint: Complaint, by: User | None) -> None:
    """Staff of the complaint's region (national staff: any) take it up and decide it."""
    require_region_staff(complaint.region_id, by)


def require_complained_bailiff(complaint: Complaint, by: User | None) -> None:
    """Only the bailiff complained about explains himself or herself."""
    if by is None or not by.is_authenticated or complaint.bailiff.user_id != by.pk:
        raise PermissionDenied(NOT_YOURS)


def locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update(of=("self",)).select_related("application", "bailiff__user").get(
        pk=complaint.pk)


@transaction.atomic
def complaint_file(
    *, application: Application, by: User, ground: str, description: str, request_new_bailiff: bool = False,
    attachments: list[UploadedFile] | None = None,
) -> Complaint:
    """File a complaint about the bailiff holding the case; a requested change of bailiff is held (clause 12)."""
    application = Application.objects.select_for_update(of=("self",)).select_related(
        "assigned_bailiff__user").get(pk=application.pk)
    require_lawyer(application, by)  # the lawyer of the case, on his or her own application
    if application.status not in (Status.ASSIGNED, Status.IN_ENFORCEMENT) or application.assigned_bailiff is None:
        raise TransitionError(NOT_HELD_BY_A_BAILIFF, code="not_assigned")
    problems = {}
    if ground not in Ground.values:
        problems["ground"] = [UNKNOWN_CHOICE if ground else REQUIRED]
    if not (description or "").strip():
        problems["description"] = [REQUIRED]
    if problems:
        raise ValidationError(problems)
    attachments = attachments or []
    check_pdfs(attachments, "attachments")
    held = Reassignment.objects.filter(application=application, status=ReassignmentStatus.HELD).exists()
    if request_new_bailiff and held:
        raise TransitionError(ALREADY_REQUESTED, code="already_requested")
    complaint = Complaint.objects.create(
        application=application, bailiff=application.assigned_bailiff, region_id=application.region_id,
        filed_by=by, ground=ground, description=description.strip(), request_new_bailiff=request_new_bailiff,
        due_on=add_working_days(timezone.localdate(), settings.COMPLAINT_DUE_WORKING_DAYS),
    )
    for upload in attachments:
        ComplaintAttachment.objects.create(complaint=complaint, file=upload, original_name=upload.name[:255],
                                           size=upload.size, uploaded_by=by)
    if request_new_bailiff:
        held = Reassignment.objects.create(application=application, bailiff=application.assigned_bailiff,
                                           complaint=complaint)
        audit_record(actor=by, obj=held, kind=ComplaintEvent.HELD, after=ReassignmentStatus.HELD,
                     data={"application": application.pk, "bailiff": held.bailiff_id, "complaint": complaint.pk})
        # Clause 12: the lawyer's notice that the change is held, as a PDF with legal effect (issue 16).
        document_issue_on_commit(kind=DocumentKind.HELD_REASSIGNMENT_NOTICE, owner=held)
    audit_record(actor=by, obj=complaint, kind=ComplaintEvent.FILED, after=ComplaintStatus.FILED,
                 data={"application": application.pk, "bailiff": complaint.bailiff_id, "ground": ground,
                       "request_new_bailiff": request_new_bailiff})
    notifications_create(items=[(application.assigned_bailiff.user, "complaint_filed",
                                 {"reference": application.reference}, complaint_url(complaint))])
    return complaint


@transaction.atomic
def complaint_take(*, complaint: Complaint, by: User, owner: User | None = None) -> Complaint:
    """Staff take the complaint under review (or hand it to a colleague of the region)."""
    complaint = locked(complaint)
    require_complaint_staff(complaint, by)
    owner = owner or by
    if not staff_of_region(owner, complaint.region_id):
        raise ValidationError({"owner": [NOT_STAFF]})
    if complaint.status == ComplaintStatus.DECIDED:
        raise TransitionError(ALREADY_DECIDED, code="already_decided")
    before = complaint.status
    complaint.status, complaint.owner = ComplaintStatus.UNDER_REVIEW, owner
    complaint.save(update_fields=["status", "owner"])
    audit_record(actor=by, obj=complaint, kind=ComplaintEvent.TAKEN, before=before, after=complaint.status,
                 data={"owner": owner.pk})
    return complaint


@transaction.atomic
def complaint_explain(*, complaint: Complaint, by: User, explanation: str) -> Complaint:
    """The bailiff complained about files an explanation (replacing an earlier one) until the decision."""
    complaint = locked(complaint)
    require_complained_bailiff(complaint, by)
    if complaint.status == ComplaintStatus.DECIDED:
        raise TransitionError(ALREADY_DECIDED, code="already_decided")
    if not (explanation or "").strip():
        raise ValidationError({"explanation": [REQUIRED]})
    complaint.explanation, complaint.explained_at = explanation.strip(), timezone.now()
    complaint.save(update_fields=["explanation", "explained_at"])
    audit_record(actor=by, obj=complaint, kind=ComplaintEvent.EXPLAINED)
    return complaint
