import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from chamber_portal.core.audit import audit_record
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.models import User
from chamber_portal.core.security.pdf import pdf_active_content

from ..audit_events import IntakeEvent
from ..models import Application, ApplicationDocument, DocumentType, Status
from .common import locked, require_lawyer
from .drafts import ONLY_DRAFTS_EDITABLE

FILE_EMPTY = _("The file is empty.")
FILE_TOO_LARGE = _("The file is larger than %(limit)s MB.")
FILE_NOT_PDF = _("The file is not a PDF document.")
FILE_ENCRYPTED = _("The PDF is password-protected: upload it without a password.")
UNKNOWN_KIND = _("Choose the kind of document.")
FILE_UNREADABLE = _("The PDF cannot be read: it may be damaged.")
FILE_ACTIVE_CONTENT = _("The PDF contains scripts, launch actions or attached files: print it to PDF again, or "
                        "scan the paper, and upload that.")


def pdf_problem(upload: UploadedFile):
    """Why the upload is not an acceptable PDF, judged by its content, not its name."""
    if upload.size == 0:
        return FILE_EMPTY
    if upload.size > settings.INTAKE_UPLOAD_MAX_BYTES:
        return FILE_TOO_LARGE % {"limit": settings.INTAKE_UPLOAD_MAX_BYTES // (1024 * 1024)}
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" not in head:
        return FILE_NOT_PDF
    try:
        reader = PdfReader(io.BytesIO(upload.read()))
        if reader.is_encrypted:
            return FILE_ENCRYPTED
        if len(reader.pages) == 0:
            return FILE_UNREADABLE
        if pdf_active_content(reader):
            return FILE_ACTIVE_CONTENT
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        return FILE_UNREADABLE
    finally:
        upload.seek(0)
    return None


@transaction.atomic
def document_attach(*, application: Application, kind: str, file: UploadedFile, by: User) -> ApplicationDocument:
    """Attach a PDF to a draft; a new power of attorney or decision scan replaces the previous one."""
    application = locked(application)
    require_lawyer(application, by)
    if application.status != Status.DRAFT:
        raise TransitionError(ONLY_DRAFTS_EDITABLE, code="not_draft")
    if kind not in DocumentType.values:
        raise ValidationError({"kind": [UNKNOWN_KIND]})
    kind = DocumentType(kind)
    if problem := pdf_problem(file):
        raise ValidationError({"file": [problem]})
    if kind != DocumentType.OTHER:
        application.documents.filter(kind=kind).delete()
    document = ApplicationDocument.objects.create(
        application=application, kind=kind, file=file, original_name=file.name[:255], size=file.size, uploaded_by=by
    )
    audit_record(actor=by, obj=application, kind=IntakeEvent.DOCUMENT_ATTACHED,
                 data={"document": document.pk, "kind": kind, "name": document.original_name})
    return document


@transaction.atomic
def document_remove(*, document: ApplicationDocument, by: User) -> None:
    application = locked(document.application)
    require_lawyer(application, by)
    if application.status != Status.DRAFT:
        raise TransitionError(ONLY_DRAFTS_EDITABLE, code="not_draft")
    audit_record(actor=by, obj=application, kind=IntakeEvent.DOCUMENT_REMOVED,
                 data={"document": document.pk, "kind": document.kind, "name": document.original_name})
    document.delete()
