from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LAWYER = "lawyer", _("Lawyer")
    STAFF = "staff", _("Chamber staff")
    BAILIFF = "bailiff", _("Bailiff")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A portal user. The role is mirrored by the group of the same name, which carries the permissions."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.LAWYER)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    # Chamber staff act on their region only; staff with no region are national (docs/domain.md §3).
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Notification topics the user does not want by e-mail (chamber_portal.core.notifications.TOPICS); the
    # in-app notice is always written.
    email_muted = models.JSONField(_("topics not sent by e-mail"), default=list, blank=True)
    # Raised by "sign out everywhere": every session signed with the previous value ends (get_session_auth_hash).
    session_epoch = models.PositiveIntegerField(_("session generation"), default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    def _get_session_auth_hash(self, secret=None):
        # Django signs the session with the password's hash; the epoch joins it once raised, so that signing out
        # everywhere ends every session without a new password (epoch 0 keeps the sessions made before it).
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "chamber_portal.core.User.session", f"{self.password}:{self.session_epoch}", secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def needs_second_factor(self) -> bool:
        """Chamber staff and administrators always; anyone else once they have enrolled."""
        if self.role in (Role.STAFF, Role.ADMIN) or self.is_superuser or self.is_staff:
            return True
        if not hasattr(self, "_has_totp"):
            from django_otp.plugins.otp_totp.models import TOTPDevice

            self._has_totp = TOTPDevice.objects.filter(user=self, confirmed=True).exists()
        return self._has_totp

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def is_lawyer(self) -> bool:
        return self.role == Role.LAWYER

    @property
    def is_chamber_staff(self) -> bool:
        return self.role == Role.STAFF

    @property
    def is_bailiff(self) -> bool:
        return self.role == Role.BAILIFF

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def is_national_staff(self) -> bool:
        return self.is_chamber_staff and self.region_id is None
