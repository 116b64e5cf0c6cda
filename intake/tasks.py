from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from chamber_portal.core.chamber_offices import chamber_office

from .models import Application

# The notification kind an event's e-mail belongs to, for the lawyer's e-mail settings.
EMAIL_KIND = {"initiated": "case_initiated", "closed": "case_closed"}


@shared_task
def application_notify_lawyer(application_id: int, event: str) -> None:
    """E-mail the lawyer about a change of his or her application, in his or her language."""
    from chamber_portal.core.notifications import wants_email

    application = Application.objects.select_related("lawyer", "region").filter(pk=application_id).first()
    if application is None or not wants_email(application.lawyer, EMAIL_KIND.get(event, f"application_{event}")):
        return
    with translation.override(application.lawyer.language or settings.LANGUAGE_CODE):
        context = {"application": application, "event": event, "lawyer": application.lawyer,
                   "office": chamber_office(application.region.code if application.region_id else None)}
        subject = render_to_string("intake/email/subject.txt", context).strip()
        body = render_to_string("intake/email/body.txt", context)
    send_mail(subject, body, None, [application.lawyer.email])


@shared_task
def applications_lapse_overdue_task() -> int:
    """Daily: applications whose paper original did not arrive in time lapse (idempotent)."""
    from .services import applications_lapse_overdue

    return applications_lapse_overdue()


@shared_task(acks_late=True)
def powers_of_attorney_warn_expiring_task() -> int:
    """Daily: warn lawyers of standing powers of attorney about to expire (once each; safe to run twice)."""
    from .services import powers_of_attorney_warn_expiring

    return powers_of_attorney_warn_expiring()


@shared_task(acks_late=True)
def spreadsheet_check_task(sheet_id: int) -> None:
    """Check a spreadsheet's rows (in-process in the demo); a second run finds it checked and does nothing."""
    from .services.spreadsheet import spreadsheet_check

    spreadsheet_check(sheet_id=sheet_id)
