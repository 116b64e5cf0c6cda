"""Security records (issue 13, ADR 0014): API tokens, security events and the personal-data access log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class ApiToken(AbstractAuthToken):
    """A knox token: only its SHA-512 digest is stored; it expires (`expiry`); a user may hold several."""

    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.token_key}… {self.name}".strip()


class SecurityEventKind(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    LOCKED_OUT = "locked_out", _("Locked out after failed sign-ins")
    SECOND_FACTOR_PASSED = "second_factor_passed", _("Second factor passed")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("Wrong second-factor code")
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("Second factor enrolled")
    SECOND_FACTOR_RESET = "second_factor_reset", _("Second factor reset by an administrator")
    RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _("Recovery codes renewed")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    SIGNED_OUT = "signed_out", _("Signed out")
    SIGNED_OUT_EVERYWHERE = "signed_out_everywhere", _("Signed out everywhere")
    SESSION_IDLE_EXPIRED = "session_idle_expired", _("Session ended after idle time")


class SecurityEvent(models.Model):
    """One event of signing in and of credentials; administrators filter them in the admin."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=32, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # The username as typed: a failed sign-in may name no user.
    username = models.CharField(_("username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "at"], name="security_user_at")]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.username}"


class AccessAction(models.TextChoices):
    DETAILS = "details", _("Opened the application")
    DOCUMENTS = "documents", _("Listed its documents")
    DOCUMENT_DOWNLOAD = "document_download", _("Downloaded a document")
    EXPORT = "export", _("Exported a list containing it")


class PersonalDataAccess(models.Model):
    """Who read an application's personal data, as what, when (Law of the RK "On personal data and their
    protection"): written on every read by anyone but the application's lawyer; purged after
    ACCESS_LOG_RETENTION_DAYS."""

    at = models.DateTimeField(_("time"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    # The role at the time of reading: a role may change later.
    role = models.CharField(_("role"), max_length=16)
    # The application's id, not a foreign key: core does not depend on intake, and the record of a reading
    # outlives a deleted draft.
    application_id = models.BigIntegerField(_("application"))
    action = models.CharField(_("action"), max_length=32, choices=AccessAction.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["application_id", "-at"], name="pdaccess_application_at"),
            models.Index(fields=["user", "-at"], name="pdaccess_user_at"),
            models.Index(fields=["at"], name="pdaccess_at"),
        ]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.application_id}"
