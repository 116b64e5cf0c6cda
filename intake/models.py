from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Trim, Upper
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The four categories filed through the Chamber (Rules No. 652; docs/domain.md §1)."""

    PRIVATE_CLAIM = "private_claim", _("Decision in favour of an individual or a legal entity")
    ALIMONY = "alimony", _("Recovery of alimony")
    STATE_CLAIM = "state_claim", _("Decision in favour of the state (up to 1,000 MRP)")
    NON_PROPERTY = "non_property", _("Non-property decision (eviction, an obligation to act)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted: awaiting the paper original")
    AWAITING_DUPLICATE = "awaiting_duplicate", _("Awaiting a court duplicate")
    ORIGINAL_RECEIVED = "original_received", _("Original received")
    ACCEPTED = "accepted", _("Accepted: queued for distribution")
    ASSIGNED = "assigned", _("Bailiff assigned")
    IN_ENFORCEMENT = "in_enforcement", _("In enforcement")
    CLOSED = "closed", _("Closed")
    RETURNED = "returned", _("Returned")
    LAPSED = "lapsed", _("Lapsed: the original did not arrive")


# Waiting for the paper original: the staff intake queue and the lapse sweep read these.
AWAITING_ORIGINAL = [Status.SUBMITTED, Status.AWAITING_DUPLICATE]
INTAKE_QUEUE = [Status.SUBMITTED, Status.AWAITING_DUPLICATE, Status.ORIGINAL_RECEIVED]
FINAL = [Status.RETURNED, Status.LAPSED, Status.CLOSED]
# A filing is live from submission until it ends: its document cannot be filed again meanwhile (intake/rules.py).
NOT_LIVE = [Status.DRAFT, *FINAL]


class PartyKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    LEGAL_ENTITY = "legal_entity", _("Legal entity")
    STATE = "state", _("State body")


class AlimonyBasis(models.TextChoices):
    FIXED_SUM = "fixed_sum", _("A fixed monthly sum")
    SHARE_OF_INCOME = "share_of_income", _("A share of income")


class ReturnReason(models.TextChoices):
    MISMATCH_WITH_ORIGINAL = "mismatch_with_original", _("Does not match the original")
    OUTSIDE_CATEGORIES = "outside_categories", _("Outside the Chamber's categories")
    WRONG_REGION = "wrong_region", _("Wrong region")
    PERIOD_EXPIRED = "period_expired", _("Presentation period expired")
    DUPLICATE = "duplicate", _("Duplicate of a registered document")
    INCOMPLETE = "incomplete", _("Incomplete")


class DocumentKind(models.Model):
    """Kinds of enforcement document: an admin-editable list with stable codes (docs/domain.md §2)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    filed_through_chamber = models.BooleanField(_("may be filed through the Chamber"), default=True)
    # Law No. 261-IV, art. 11 (docs/adr/0004): empty means no period binds this kind.
    presentation_period_years = models.PositiveSmallIntegerField(
        _("presentation period, years"), null=True, blank=True,
        help_text=_("Years from the decision's entry into force within which the document may be presented; "
                    "empty if no period applies."),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("enforcement document kind")
        verbose_name_plural = _("enforcement document kinds")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return getattr(self, f"name_{(get_language() or 'ru')[:2]}", None) or self.name_ru


class Application(models.Model):
    """An enforcement application filed by a claimant's lawyer with the Chamber."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True)
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lawyer"), on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.DRAFT)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, blank=True)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("enforcement district"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="applications",
    )

    creditor_kind = models.CharField(_("claimant: kind"), max_length=16, choices=PartyKind.choices, blank=True)
    creditor_name = models.CharField(_("claimant: name"), max_length=300, blank=True)
    creditor_iin_bin = models.CharField(_("claimant: IIN/BIN"), max_length=12, blank=True)
    debtor_kind = models.CharField(_("debtor: kind"), max_length=16, choices=PartyKind.choices, blank=True)
    debtor_name = models.CharField(_("debtor: name"), max_length=300, blank=True)
    debtor_iin_bin = models.CharField(_("debtor: IIN/BIN"), max_length=12, blank=True)
    debtor_address = models.CharField(_("debtor: address"), max_length=500, blank=True)

    court_name = models.CharField(_("court"), max_length=300, blank=True)
    court_case_number = models.CharField(_("court case number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_effective_date = models.DateField(_("date the decision entered into force"), null=True, blank=True)

    document_kind = models.ForeignKey(
        DocumentKind, verbose_name=_("enforcement document kind"), on_delete=models.PROTECT, null=True, blank=True
    )
    document_number = models.CharField(_("enforcement document number"), max_length=64, blank=True)
    document_issued_at = models.DateField(_("enforcement document issued on"), null=True, blank=True)
    # The presentation period (intake/rules.py): interrupted by an earlier enforcement, restored by a court.
    previous_enforcement_ended_on = models.DateField(
        _("an earlier enforcement of this document ended on"), null=True, blank=True
    )
    period_restored_by = models.CharField(
        _("court ruling that restored the presentation period"), max_length=200, blank=True
    )

    amount_kzt = models.DecimalField(_("amount, tenge"), max_digits=15, decimal_places=2, null=True, blank=True)
    alimony_basis = models.CharField(_("alimony basis"), max_length=16, choices=AlimonyBasis.choices, blank=True)
    alimony_share = models.CharField(_("share of income"), max_length=32, blank=True)
    obligation = models.TextField(_("what must be done"), blank=True)
    housing_involved = models.BooleanField(_("the case touches housing"), default=False)
    sole_dwelling = models.BooleanField(_("the debtor's sole dwelling"), default=False)
    minors_present = models.BooleanField(_("minors live there"), default=False)

    # The paper original (docs/domain.md §1): due by a date in working days; the clock stops while a duplicate is
    # awaited.
    original_due = models.DateField(_("original due by"), null=True, blank=True)
    registry_number = models.CharField(_("registry number of the original"), max_length=64, blank=True)
    original_received_at = models.DateTimeField(_("original received at"), null=True, blank=True)
    original_received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("original received by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    original_condition_note = models.TextField(_("condition of the original"), blank=True)
    duplicate_requested_on = models.DateField(_("duplicate requested from the court on"), null=True, blank=True)
    state_fee_receipt = models.CharField(_("state fee receipt"), max_length=64, blank=True)
    duplicate_expected_on = models.DateField(_("duplicate expected on"), null=True, blank=True)

    return_reason = models.CharField(_("reason for return"), max_length=32, choices=ReturnReason.choices, blank=True)
    return_message = models.TextField(_("message"), blank=True)
    # The bailiff appointed by distribution, kept here for lists; the decisions themselves live in assignment.
    assigned_bailiff = models.ForeignKey(
        "bailiffs.Bailiff", verbose_name=_("assigned bailiff"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="applications",
    )
    copied_from = models.ForeignKey(
        "self", verbose_name=_("copied from"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The claimant's standing power of attorney that stood in for an uploaded one when this was submitted.
    standing_power_of_attorney = models.ForeignKey(
        "PowerOfAttorney", verbose_name=_("standing power of attorney"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="applications",
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("enforcement application")
        verbose_name_plural = _("enforcement applications")
        indexes = [
            # "My applications": a lawyer's rows, newest first.
            models.Index(fields=["lawyer", "-created_at", "-id"], name="app_lawyer_created"),
            # The staff intake queue: waiting rows of a region, overdue (earliest due) first.
            models.Index(
                fields=["region", "original_due", "id"], name="app_intake_queue",
                condition=Q(status__in=["submitted", "awaiting_duplicate", "original_received"]),
            ),
            # The national staff queue: every region's waiting rows in due-date order (benchmarks/README.md).
            models.Index(
                fields=["original_due", "id"], name="app_intake_queue_due",
                condition=Q(status__in=["submitted", "awaiting_duplicate", "original_received"]),
            ),
            # The lapse sweep and the distribution sweep scan by status.
            models.Index(fields=["status", "original_due"], name="app_status_due"),
            # A region's applications waiting for a bailiff, in acceptance order: the live path's and the drain's
            # batch reads its first 500 in order (no sort, no bitmap of every accepted row's index entry, issue 15).
            models.Index(fields=["region", "accepted_at", "id"], name="app_waiting_distribution",
                         condition=Q(status="accepted")),
            # The oversight dashboard (docs/adr/0009, benchmarks/README.md): each figure read from an index alone,
            # which holds every column the figure needs (key columns rather than INCLUDE, which SQLite lacks).
            # Applications submitted, originals received and applications accepted in a period:
            models.Index(fields=["submitted_at", "region", "status", "category"], name="app_submitted_at"),
            models.Index(fields=["original_received_at", "region", "submitted_at"], name="app_received_at"),
            models.Index(fields=["accepted_at", "region", "submitted_at"], name="app_accepted_at"),
            # The region and submission time of the applications of decisions and assignments in a period:
            models.Index(fields=["id", "region", "submitted_at"], name="app_id_region_submitted"),
            # Originals missed (lapsed) by a deadline in the period, and originals waiting for acceptance:
            models.Index(fields=["original_due", "region"], name="app_lapsed_due", condition=Q(status="lapsed")),
            models.Index(fields=["original_received_at", "region"], name="app_awaiting_acceptance",
                         condition=Q(status="original_received")),
            models.Index(fields=["document_number"], name="app_document_number"),
            models.Index(fields=["debtor_iin_bin"], name="app_debtor_iin_bin"),
            # Searching the queue by an IIN/BIN matches the debtor's or the claimant's: with this one the planner ORs
            # two small index reads instead of filtering every waiting row (issue 15, benchmarks/README.md).
            # Not partial to the queue: a small partial index would tempt the planner to list the queue by it.
            models.Index(fields=["creditor_iin_bin"], name="app_creditor_iin_bin"),
            # Searching the queue by debtor name: a trigram GIN index on UPPER(debtor_name), PostgreSQL only, made
            # by migration 0009 and deliberately left out of this list (SQLite has no pg_trgm).
            # Lists and the change feed of bulk filers: ?updated_after= (issue 14).
            models.Index(fields=["lawyer", "updated_at", "id"], name="app_lawyer_updated"),
            models.Index(fields=["updated_at", "id"], name="app_updated"),
        ]
        constraints = [
            # One enforcement document, one live filing (intake/rules.py SAME_DOCUMENT, LIVE): two submits
            # at the same instant cannot both file it.
            models.UniqueConstraint(
                Upper(Trim("document_number")), Upper(Trim("court_case_number")), "document_kind", "debtor_iin_bin",
                condition=~Q(status__in=NOT_LIVE),
                name="application_one_live_filing",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or _("Draft #%(id)s") % {"id": self.pk}


class DocumentType(models.TextChoices):
    POWER_OF_ATTORNEY = "power_of_attorney", _("Power of attorney")
    DECISION_SCAN = "decision_scan", _("Scan of the court decision")
    OTHER = "other", _("Other document")


REQUIRED_DOCUMENTS = [DocumentType.POWER_OF_ATTORNEY, DocumentType.DECISION_SCAN]


def _upload_to(document, filename: str) -> str:
    return f"applications/{document.application_id}/{document.kind}-{filename}"


class ApplicationDocument(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=DocumentType.choices)
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size, bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class ReferenceSequence(models.Model):
    """The last reference number given per region and year; its row lock serialises submissions."""

    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="reference_sequence_region_year")]
        verbose_name = _("reference sequence")
        verbose_name_plural = _("reference sequences")

    def __str__(self) -> str:
        return f"{self.region.number}-{self.year}: {self.last}"


def _power_of_attorney_upload_to(power, filename: str) -> str:
    return f"powers-of-attorney/{power.lawyer_id}/{power.creditor_iin_bin}-{filename}"


class PowerOfAttorney(models.Model):
    """A claimant's standing power of attorney for a lawyer (issue 14): while valid, that claimant's applications
    by this lawyer need no power-of-attorney upload of their own (intake/rules.py standing_power_of_attorney)."""

    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lawyer"), on_delete=models.PROTECT, related_name="powers_of_attorney"
    )
    creditor_iin_bin = models.CharField(_("claimant: IIN/BIN"), max_length=12)
    valid_until = models.DateField(_("valid until"))
    file = models.FileField(_("file"), upload_to=_power_of_attorney_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size, bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The day the lawyer was warned that it expires soon (once per power of attorney).
    expiry_warned_on = models.DateField(_("expiry warning sent on"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_until", "-id"]
        indexes = [models.Index(fields=["lawyer", "creditor_iin_bin", "valid_until"], name="poa_lawyer_creditor")]
        verbose_name = _("standing power of attorney")
        verbose_name_plural = _("standing powers of attorney")

    def __str__(self) -> str:
        return f"{self.creditor_iin_bin} → {self.valid_until}"


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked")
    FILED = "filed", _("Filed as drafts")
    FAILED = "failed", _("Could not be read")


class SpreadsheetImport(models.Model):
    """A lawyer's spreadsheet of applications (issue 14): every row with its problems at their cells, until its
    valid rows are filed as drafts, their decision scans attached from a ZIP and the drafts submitted together.

    `rows`: [{"row": sheet row number, "values": {field: text}, "problems": {field: [message]}, "notes": [message],
    "dropped": bool, "application": draft id or null}]."""

    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lawyer"), on_delete=models.CASCADE, related_name="+"
    )
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    total = models.PositiveIntegerField(_("rows"), default=0)
    checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    error = models.TextField(_("why the file could not be read"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("spreadsheet of applications")
        verbose_name_plural = _("spreadsheets of applications")

    def __str__(self) -> str:
        return self.original_name
