"""Bulk filing (issue 14): many drafts in one call, many submissions in one call."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import User

from ..models import Application
from .common import NOT_YOURS
from .drafts import application_save_draft
from .submission import application_submit

BATCH_LIMIT = 500


@transaction.atomic
def applications_save_drafts(*, lawyer: User, items: list[dict[str, Any]]) -> list[Application]:
    """Create one draft per item (validated input, keyed by model field), all or none: if any fails, none is made."""
    if lawyer is None or not lawyer.is_authenticated or not lawyer.is_lawyer:
        raise PermissionDenied(NOT_YOURS)
    return [application_save_draft(lawyer=lawyer, data=item) for item in items]


def applications_submit_many(*, applications: list[Application], by: User) -> list[Application | Exception]:
    """Submit each application in its own transaction: one refused does not hold back the others.

    Answers, in order, the submitted application or the error (ValidationError, TransitionError, PermissionDenied)
    that refused it.
    """
    outcomes: list[Application | Exception] = []
    for application in applications:
        try:
            outcomes.append(application_submit(application=application, by=by))
        except (ValidationError, TransitionError, PermissionDenied) as error:
            outcomes.append(error)
    return outcomes
