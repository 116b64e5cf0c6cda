from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The fairness rule every decision records (docs/domain.md §5; docs/adr/0005).
RULE_NAME = "least_recently_assigned"
RULE_VERSION = 1


class Reason(models.TextChoices):
    """Why a case is distributed (Rules No. 652: new documents, transfers, and the grounds of §1 (c), (d))."""

    NEW = "new", _("New enforcement document")
    TERRITORIAL_TRANSFER = "territorial_transfer", _("Transferred from another region")
    LICENCE_SUSPENDED = "licence_suspended", _("The bailiff's licence is suspended")
    LICENCE_TERMINATED = "licence_terminated", _("The bailiff's licence is terminated or revoked")
    EXCLUDED = "excluded", _("The bailiff is excluded from the Chamber")
    ABSENT_OVER_MONTH = "absent_over_month", _("The bailiff is absent for more than one month")
    TRANSFERRED = "transferred", _("The bailiff is transferred to another district")
    BREACH_CONFIRMED = "breach_confirmed", _("Breach of duties confirmed by a decision in force (clause 12)")


REDISTRIBUTION_REASONS = [r for r in Reason.values if r != Reason.NEW]


class Exclusion(models.TextChoices):
    """Why a bailiff of the region was not a candidate for a decision."""

    NOT_ACTIVE = "not_active", _("Not active")
    PAUSED = "paused", _("Paused on the day")
    CONFLICT = "conflict", _("Declared conflict of interest with a party")
    BEING_REPLACED = "being_replaced", _("The bailiff being replaced")
    IN_BREACH = "in_breach", _("The bailiff in breach (clause 12)")


class Outcome(models.TextChoices):
    """How a case ends in the bailiff's hands (docs/architecture.md §7, `close`)."""

    EXECUTED_IN_FULL = "executed_in_full", _("Executed in full")
    EXECUTED_IN_PART = "executed_in_part", _("Executed in part")
    IMPOSSIBLE_TO_RECOVER = "impossible_to_recover", _("Impossible to recover")
    RETURNED_AT_REQUEST = "returned_at_request", _("Returned at the claimant's request")
    TERMINATED = "terminated", _("Enforcement proceedings terminated")
    REFUSED_TO_INITIATE = "refused_to_initiate", _("Refused to initiate")


class RefusalGround(models.TextChoices):
    """Grounds for refusing to initiate enforcement proceedings (Law No. 261-IV, article 37)."""

    DOCUMENT_DEFECTIVE = "document_defective", _("The enforcement document does not meet the Law's requirements")
    PERIOD_EXPIRED = "period_expired", _("The period for presenting the document has expired")
    NOT_IN_FORCE = "not_in_force", _("The decision has not entered into force")
    NOT_ENFORCEABLE = "not_enforceable", _("The document is not subject to enforcement")
    ALREADY_ENFORCED = "already_enforced", _("The document has already been enforced or is being enforced")
    OTHER = "other", _("Other ground (stated in the note)")


class ActionKind(models.TextChoices):
    NOTICE = "notice", _("Notice to the debtor")
    ACCOUNT_ARREST = "account_arrest", _("Arrest of bank accounts")
    PROPERTY_ARREST = "property_arrest", _("Arrest of property")
    VEHICLE_ARREST = "vehicle_arrest", _("Arrest of a vehicle")
    TRAVEL_BAN = "travel_ban", _("Travel ban")
    VALUATION = "valuation", _("Valuation")
    AUCTION = "auction", _("Auction")
    EVICTION = "eviction", _("Eviction")
    PAYMENT = "payment", _("Payment received")
    OTHER = "other", _("Other action")


# Actions that take, value, sell property or move people out: on housing they need a court decision first
# (Constitutional Court normative resolution No. 41-НП of 19 April 2024; docs/adr/0011).
HOUSING_SENSITIVE_ACTIONS = [ActionKind.PROPERTY_ARREST, ActionKind.VALUATION, ActionKind.AUCTION,
                             ActionKind.EVICTION]
# On a case flagged housing these must say whether they concern the dwelling; an eviction always does.
HOUSING_STATED_ACTIONS = [ActionKind.PROPERTY_ARREST, ActionKind.VALUATION, ActionKind.AUCTION]


class RegionQueue(models.Model):
    """One row per region: its lock serialises the region's decisions; `turn` numbers them."""

    region = models.OneToOneField("core.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                                  related_name="queue")
    turn = models.PositiveBigIntegerField(_("decisions so far"), default=0)

    class Meta:
        verbose_name = _("region queue")
        verbose_name_plural = _("region queues")

    def __str__(self) -> str:
        return f"{self.region.code}: {self.turn}"


class BailiffTurn(models.Model):
    """The turn of the bailiff's last case in a region: the rotation's only state. Per region, because turns
    are numbered per region: a bailiff transferred in starts as a newcomer there."""

    bailiff = models.ForeignKey("bailiffs.Bailiff", verbose_name=_("bailiff"), on_delete=models.PROTECT,
                                related_name="turns")
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    last_turn = models.PositiveBigIntegerField(_("turn of the last case"), null=True)
    last_assigned_at = models.DateTimeField(_("last case at"), null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "bailiff"], name="turn_region_bailiff")]
        verbose_name = _("bailiff's turn")
        verbose_name_plural = _("bailiffs' turns")

    def __str__(self) -> str:
        return f"{self.bailiff_id}: {self.last_turn}"


class DistributionDecision(models.Model):
    """An append-only record of one decision: who could have had the case, who was left out and why,
    who got it, and by which rule."""

    at = models.DateTimeField(_("time"), default=timezone.now)
    application = models.ForeignKey("intake.Application", verbose_name=_("application"), on_delete=models.PROTECT,
                                    related_name="decisions")
    region = models.ForeignKey("core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    turn = models.PositiveBigIntegerField(_("turn"))
    reason = models.CharField(_("reason"), max_length=24, choices=Reason.choices)
    rule = models.CharField(_("rule"), max_length=40, default=RULE_NAME)
    rule_version = models.PositiveSmallIntegerField(_("rule version"), default=RULE_VERSION)
    # [{"bailiff": id, "name": ..., "last_turn": n|null}] in the order of the rotation, the chosen first.
    candidates = models.JSONField(_("candidates"), encoder=DjangoJSONEncoder)
    # [{"bailiff": id, "name": ..., "reason": Exclusion}]
    excluded = models.JSONField(_("excluded"), encoder=DjangoJSONEncoder, default=list)
    chosen = models.ForeignKey("bailiffs.Bailiff", verbose_name=_("chosen bailiff"), on_delete=models.PROTECT,
                               related_name="+")
    previous_bailiff = models.ForeignKey("bailiffs.Bailiff", verbose_name=_("previous bailiff"),
                                         on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # A territorial transfer: the district the case left. Its chamber's log shows the decision too.
    from_region = models.ForeignKey("core.Region", verbose_name=_("transferred from"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT,
                           null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [models.UniqueConstraint(fields=["region", "turn"], name="decision_region_turn")]
        indexes = [
            models.Index(fields=["region", "-at"], name="decision_region_at"),
            models.Index(fields=["application", "-at"], name="decision_application_at"),
            # The oversight dashboard (docs/adr/0009): decisions of a period in every region, per bailiff and the
            # first assignments, without reading the rows (whose candidate lists make them wide).
            models.Index(fields=["at", "region", "reason", "chosen", "application"], name="decision_at"),
        ]
        verbose_name = _("distribution decision")
        verbose_name_plural = _("distribution decisions")

    def __str__(self) -> str:
        return f"{self.region_id}#{self.turn} → {self.chosen_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("Distribution decisions are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Distribution decisions are append-only.")


class Assignment(models.Model):
    """A bailiff holding a case. At most one active assignment per application (a partial unique index)."""

    application = models.ForeignKey("intake.Application", verbose_name=_("application"), on_delete=models.PROTECT,
                                    related_name="assignments")
    bailiff = models.ForeignKey("bailiffs.Bailiff", verbose_name=_("bailiff"), on_delete=models.PROTECT,
                                related_name="assignments")
    decision = models.OneToOneField(DistributionDecision, verbose_name=_("decision"), on_delete=models.PROTECT,
                                    related_name="assignment")
    is_active = models.BooleanField(_("active"), default=True)
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=24, choices=Reason.choices, blank=True)
    # The bailiff's work on the case (docs/domain.md §1: initiation within 3 working days of receiving it).
    initiation_due = models.DateField(_("initiation due by"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("receipt acknowledged at"), null=True, blank=True)
    initiation_number = models.CharField(_("initiation decision number"), max_length=64, blank=True)
    initiated_on = models.DateField(_("initiated on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    refusal_ground = models.CharField(_("ground for refusal"), max_length=24, choices=RefusalGround.choices,
                                      blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_note = models.TextField(_("note on closing"), blank=True)

    class Meta:
        ordering = ["-assigned_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=Q(is_active=True),
                                    name="one_active_assignment_per_application"),
        ]
        indexes = [
            models.Index(fields=["bailiff", "is_active"], name="assignment_bailiff_active"),
            # Overdue initiations (staff per bailiff, the dashboard): only the open, not yet initiated ones.
            models.Index(fields=["initiation_due"], name="assignment_awaiting_initiation",
                         condition=Q(is_active=True, initiated_on=None, outcome="")),
            # The oversight dashboard (docs/adr/0009): initiations due, and initiations recorded, in a period.
            models.Index(fields=["initiation_due"], name="assignment_initiation_due"),
            models.Index(fields=["initiated_on", "application"], name="assignment_initiated_on"),
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.application_id} → {self.bailiff_id}"


class PendingDistribution(models.Model):
    """An accepted application that found no eligible bailiff: flagged for staff until it goes out."""

    application = models.OneToOneField("intake.Application", verbose_name=_("application"),
                                       on_delete=models.CASCADE, related_name="pending_distribution")
    since = models.DateTimeField(_("waiting since"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    # What the next attempt must keep: the reason, and who may not have the case ({bailiff id: Exclusion}).
    reason = models.CharField(_("reason"), max_length=24, choices=Reason.choices, default=Reason.NEW)
    previous_bailiff = models.ForeignKey("bailiffs.Bailiff", verbose_name=_("previous bailiff"),
                                         on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    exclude = models.JSONField(_("excluded bailiffs"), default=dict, blank=True)
    excluded = models.JSONField(_("excluded at the last attempt"), encoder=DjangoJSONEncoder, default=list)
    from_region = models.ForeignKey("core.Region", verbose_name=_("transferred from"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["since"]
        verbose_name = _("application waiting for an eligible bailiff")
        verbose_name_plural = _("applications waiting for an eligible bailiff")

    def __str__(self) -> str:
        return str(self.application_id)


class DecisionToNotify(models.Model):
    """A decision whose notices and e-mails are not written yet: the notifications queue's work list, written in
    the decision's own transaction. One message takes every row there is (at most one pending, however many
    decisions commit meanwhile), so a burst of acceptances never floods the worker with a message per batch, and
    a lost message leaves its rows for the minute's sweep (issue 15)."""

    decision = models.OneToOneField(DistributionDecision, verbose_name=_("distribution decision"),
                                    on_delete=models.CASCADE, primary_key=True, related_name="+")

    class Meta:
        verbose_name = _("decision awaiting its notices")
        verbose_name_plural = _("decisions awaiting their notices")

    def __str__(self) -> str:
        return str(self.decision_id)


def _action_upload_to(action, filename: str) -> str:
    return f"applications/{action.application_id}/actions/{filename}"


class EnforcementActionIsAppendOnly(Exception):
    pass


class EnforcementAction(models.Model):
    """One entry of the bailiff's log of enforcement actions on a case; payments add up against the claim.

    Append-only (docs/adr/0011): a mistaken entry is corrected by a reversing entry (`reverses`, `reason`) of the
    same kind, a payment's with the amount negated, so that every sum of the amounts is the net. The model
    refuses to change or delete a saved entry, and on PostgreSQL a trigger refuses UPDATE and DELETE
    (migration 0006).
    """

    application = models.ForeignKey("intake.Application", verbose_name=_("application"), on_delete=models.PROTECT,
                                    related_name="enforcement_actions")
    assignment = models.ForeignKey(Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT,
                                   related_name="actions")
    kind = models.CharField(_("action"), max_length=24, choices=ActionKind.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    amount_kzt = models.DecimalField(_("amount, tenge"), max_digits=15, decimal_places=2, null=True, blank=True)
    # None: not said (an action recorded on a case not flagged housing, without the question answered).
    on_housing = models.BooleanField(_("on housing"), null=True, blank=True)
    court_decision_ref = models.CharField(_("court decision allowing it"), max_length=200, blank=True)
    prosecutor_sanction_ref = models.CharField(_("prosecutor's sanction"), max_length=200, blank=True)
    # Entering (or opening) a dwelling without the occupant's consent: the case where Law No. 261-IV asks for the
    # prosecutor's sanction (docs/adr/0011).
    entry_without_consent = models.BooleanField(_("dwelling entered without the occupant's consent"), default=False)
    document = models.FileField(_("document"), upload_to=_action_upload_to, max_length=300, blank=True)
    document_name = models.CharField(_("file name"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    reverses = models.ForeignKey("self", verbose_name=_("reverses the entry"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="reversals")
    reason = models.TextField(_("why it is reversed"), blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["application", "-date"], name="action_application_date")]
        constraints = [
            # One reversal per entry, whatever the race.
            models.UniqueConstraint(fields=["reverses"], name="action_reversed_once"),
            models.CheckConstraint(condition=Q(reverses=None) | ~Q(reason=""), name="action_reversal_has_reason"),
            # A payment is positive; its reversal is the same amount negated.
            models.CheckConstraint(
                condition=~Q(kind="payment") | Q(reverses=None, amount_kzt__gt=0)
                | Q(reverses__isnull=False, amount_kzt__lt=0),
                name="action_payment_sign",
            ),
        ]
        verbose_name = _("enforcement action")
        verbose_name_plural = _("enforcement actions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise EnforcementActionIsAppendOnly("Enforcement actions cannot be changed: record a reversal.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EnforcementActionIsAppendOnly("Enforcement actions cannot be deleted: record a reversal.")
