"""What every complaints service checks: who may act, and the files it accepts."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from chamber_portal.core import access
from chamber_portal.core.models import User
from intake.services.documents import pdf_problem

NOT_YOURS = _("You may not act on this record.")
REQUIRED = _("This field is required.")
UNKNOWN_CHOICE = _("Choose one of the options.")


def require_region_staff(region_id: int, by: User | None, *, system: bool = False) -> None:
    access.require_region_staff(region_id, by, NOT_YOURS, system=system)


def check_pdfs(files: list[UploadedFile], field: str) -> None:
    problems = [str(problem) for upload in files if (problem := pdf_problem(upload))]
    if problems:
        raise ValidationError({field: problems})
