"""Complaints about a bailiff, breach decisions and the reassignments Clause 12 holds (docs/domain.md §1, §4).

Rules No. 652, clause 12: a claimant cannot withdraw a case and pick another bailiff. A complaint goes to the
regional chamber's disciplinary commission (or to court); only once a decision confirming the bailiff's breach
has entered into force is another bailiff appointed, by the same rotation, never the one in breach.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.models.tracking import TracksUpdates


class Ground(models.TextChoices):
    INACTION = "inaction", _("Inaction")
    UNLAWFUL_ACTION = "unlawful_action", _("Unlawful action")
    DELAY = "delay", _("Delay")
    OTHER = "other", _("Other")


class ComplaintStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    UNDER_REVIEW = "under_review", _("Under review")
    DECIDED = "decided", _("Decided")


class DecisionOutcome(models.TextChoices):
    BREACH_CONFIRMED = "breach_confirmed", _("Breach of duties confirmed")
    NO_BREACH = "no_breach", _("No breach")


class DecisionBody(models.TextChoices):
    COMMISSION = "commission", _("Disciplinary commission of the regional chamber")
    COURT = "court", _("Court")


class AppealStatus(models.TextChoices):
    NONE = "", _("Not appealed")
    PENDING = "pending", _("Appeal pending")
    DISMISSED = "dismissed", _("Appeal dismissed: the decision stands")
    UPHELD = "upheld", _("Appeal upheld: the decision is set aside")


class Complaint(TracksUpdates, models.Model):
    """A lawyer's complaint about the bailiff of an assigned case, worked by the region's staff."""

    application = models.ForeignKey("intake.Application", verbose_name=_("application"), on_delete=models.PROTECT,
                                    related_name="complaints")
    bailiff = models.ForeignKey("bailiffs.Bailiff", verbose_name=_("bailiff complained about"),
                                on_delete=models.PROTECT, related_name="complaints")
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT,
                                 related_name="complaints_filed")
    ground = models.CharField(_("ground"), max_length=24, choices=Ground.choices)
    description = models.TextField(_("description"))
    request_new_bailiff = models.BooleanField(_("a new bailiff is requested"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.FILED)
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    due_on = models.DateField(_("decision due by"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handled by"), on_delete=models.PROTECT,
                              null=True, blank=True, related_name="complaints_owned")
    explanation = models.TextField(_("bailiff's explanation"), blank=True)
    explained_at = models.DateTimeField(_("explanation filed at"), null=True, blank=True)
    outcome = models.CharField(_("decision"), max_length=24, choices=DecisionOutcome.choices, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_note = models.TextField(_("reasons of the decision"), blank=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        indexes = [
            # The staff queue: open complaints of a region, the earliest deadline first.
            models.Index(fields=["region", "due_on", "id"], name="complaint_open_queue",
                         condition=Q(status__in=["filed", "under_review"])),
            models.Index(fields=["bailiff", "-filed_at"], name="complaint_bailiff"),
            models.Index(fields=["filed_by", "-filed_at"], name="complaint_lawyer"),
        ]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self) -> str:
        return f"{self.application.reference or self.application_id}: {self.get_ground_display()}"

    @property
    def is_open(self) -> bool:
        return self.status != ComplaintStatus.DECIDED


def _attachment_upload_to(attachment, filename: str) -> str:
    return f"complaints/{attachment.complaint_id}/{filename}"


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE,
                                  related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size, bytes"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("complaint attachment")
        verbose_name_plural = _("complaint attachments")

    def __str__(self) -> str:
        return self.original_name


def _decision_upload_to(decision, filename: str) -> str:
    return f"breach-decisions/{decision.application_id}/{filename}"


class BreachDecision(TracksUpdates, models.Model):
    """A decision of the disciplinary commission or of a court confirming a bailiff's breach on a case.

    In force from `effective_on` (the decision date plus the appeal period, or the date the appeal was
    dismissed); a pending appeal holds it, an upheld appeal sets it aside (the rules: complaints/rules.py).
    """

    application = models.ForeignKey("intake.Application", verbose_name=_("application"), on_delete=models.PROTECT,
                                    related_name="breach_decisions")
    bailiff = models.ForeignKey("bailiffs.Bailiff", verbose_name=_("bailiff"), on_delete=models.PROTECT,
                                related_name="breach_decisions")
    complaint = models.OneToOneField(Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="breach_decision")
    body = models.CharField(_("decided by"), max_length=16, choices=DecisionBody.choices)
    decision_date = models.DateField(_("decision date"))
    effective_on = models.DateField(_("enters into force on"), null=True, blank=True)
    document_reference = models.CharField(_("decision number and reference"), max_length=200)
    document = models.FileField(_("decision document"), upload_to=_decision_upload_to, max_length=300, blank=True)
    document_name = models.CharField(_("file name"), max_length=255, blank=True)
    appeal_status = models.CharField(_("appeal"), max_length=16, choices=AppealStatus.choices, blank=True,
                                     default=AppealStatus.NONE)
    appeal_filed_on = models.DateField(_("appeal filed on"), null=True, blank=True)
    appeal_decided_on = models.DateField(_("appeal decided on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-decision_date", "-id"]
        indexes = [models.Index(fields=["application", "bailiff"], name="breach_application_bailiff")]
        verbose_name = _("breach decision")
        verbose_name_plural = _("breach decisions")

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.document_reference}"



class ReassignmentStatus(models.TextChoices):
    HELD = "held", _("Held until the breach decision is in force")
    RELEASED = "released", _("Released: another bailiff appointed")
    CANCELLED = "cancelled", _("Cancelled")


class CancelReason(models.TextChoices):
    """Why a held change of bailiff ended without one (stored as a code, shown in the reader's language)."""

    NO_BREACH = "no_breach", _("The commission found no breach of duties.")
    SET_ASIDE = "set_aside", _("Appeal upheld: the breach decision is set aside.")
    MOVED_ON = "moved_on", _("The case is no longer held by that bailiff.")


class Reassignment(TracksUpdates, models.Model):
    """A requested change of bailiff, held under clause 12 until a breach decision against that bailiff on that
    case is in force; then released by the daily task (or by staff) through the rotation."""

    application = models.ForeignKey("intake.Application", verbose_name=_("application"), on_delete=models.PROTECT,
                                    related_name="reassignments")
    bailiff = models.ForeignKey("bailiffs.Bailiff", verbose_name=_("bailiff to be replaced"),
                                on_delete=models.PROTECT, related_name="+")
    complaint = models.OneToOneField(Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="reassignment")
    decision = models.ForeignKey(BreachDecision, verbose_name=_("breach decision"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="reassignments")
    status = models.CharField(_("status"), max_length=16, choices=ReassignmentStatus.choices,
                              default=ReassignmentStatus.HELD)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    cancel_reason = models.CharField(_("why cancelled"), max_length=300, choices=CancelReason.choices, blank=True)
    new_bailiff = models.ForeignKey("bailiffs.Bailiff", verbose_name=_("new bailiff"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    # The paper file's hand-over, step by step: old bailiff → Chamber → new bailiff.
    file_to_chamber_on = models.DateField(_("file handed to the Chamber on"), null=True, blank=True)
    file_to_new_bailiff_on = models.DateField(_("file handed to the new bailiff on"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=Q(status="held"),
                                    name="one_held_reassignment_per_application"),
        ]
        indexes = [models.Index(fields=["status", "decision"], name="reassignment_status")]
        verbose_name = _("held reassignment")
        verbose_name_plural = _("held reassignments")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.get_status_display()}"


class CaseSource(models.TextChoices):
    INSPECTION = "inspection", _("Referral after an inspection")
    OTHER = "other", _("Other referral")


class DisciplinaryCaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")


class DisciplinaryCase(models.Model):
    """A case before the disciplinary commission about a bailiff's activity as a whole, opened on a referral
    (e.g. by an inspection's act) rather than on a claimant's complaint about one case."""

    bailiff = models.ForeignKey("bailiffs.Bailiff", verbose_name=_("bailiff"), on_delete=models.PROTECT,
                                related_name="disciplinary_cases")
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=16, choices=CaseSource.choices)
    source_reference = models.CharField(_("referral reference"), max_length=200)
    grounds = models.TextField(_("grounds"))
    status = models.CharField(_("status"), max_length=16, choices=DisciplinaryCaseStatus.choices,
                              default=DisciplinaryCaseStatus.OPEN)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT,
                                  related_name="+")
    outcome = models.CharField(_("decision"), max_length=24, choices=DecisionOutcome.choices, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_note = models.TextField(_("reasons of the decision"), blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["region", "status"], name="disciplinary_region_status")]
        verbose_name = _("disciplinary case")
        verbose_name_plural = _("disciplinary cases")

    def __str__(self) -> str:
        return f"{self.bailiff}: {self.source_reference}"
