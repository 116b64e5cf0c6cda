"""Third-party apps under names the Chamber's staff read in their language: the administration lists them by
their app's verbose name, which the packages leave untranslated ("Axes", "Otp_Totp"). Only the name changes:
each class is the package's own configuration (its `ready()` and label kept)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticOtpConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Sign-in attempts and lockouts")


class TotpDevicesConfig(TotpConfig):
    verbose_name = _("Second factor: authenticator apps")


class RecoveryCodesConfig(StaticOtpConfig):
    verbose_name = _("Second factor: recovery codes")
