import secrets

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Base32 without the letters and digits one misreads on paper (I, L, O, 0, 1): 31 symbols, 10 of them ≈ 2⁴⁹.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class DocumentKind(models.TextChoices):
    FILING_RECEIPT = "filing_receipt", _("Filing receipt")
    DISTRIBUTION_DECISION = "distribution_decision", _("Distribution decision")
    INSPECTION_ACT = "inspection_act", _("Inspection act")
    COMPLAINT_DECISION = "complaint_decision", _("Complaint decision")
    HELD_REASSIGNMENT_NOTICE = "held_reassignment_notice", _("Notice of a held reassignment")


def _upload_to(document: "IssuedDocument", filename: str) -> str:
    return f"issued/{document.issued_at:%Y/%m}/{document.code}.pdf"


class IssuedDocument(models.Model):
    """A document with legal effect as it was issued: the PDF is written once and never changed; its SHA-256 is in
    the audit event of its issue, and its code opens the public /verify/<code>/ page."""

    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    # The object whose page lists the document: an application, an inspection, a complaint, a reassignment.
    content_type = models.ForeignKey(ContentType, verbose_name=_("object type"), on_delete=models.PROTECT,
                                     related_name="+")
    object_id = models.CharField(_("object id"), max_length=64)
    owner = GenericForeignKey("content_type", "object_id")
    # What happened, so the same event never issues twice (e.g. `decision:17` for one distribution decision).
    event = models.CharField(_("event"), max_length=64, blank=True)
    language = models.CharField(_("language"), max_length=8)
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    code = models.CharField(_("verification code"), max_length=16, unique=True, default=code_new)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    class Meta:
        ordering = ["issued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "content_type", "object_id", "event"],
                                    name="one_document_per_event"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="document_owner")]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.code}.pdf"
