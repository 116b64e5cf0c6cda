import hashlib

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from chamber_portal.core.models import AccessAction
from chamber_portal.core.security.access_log import personal_data_read

from .registry import owner_of
from .selectors import document_by_code, document_for_download

MATCHES = _("The hash matches: this is the document the portal issued.")
DOES_NOT_MATCH = _("The hash does not match: this is not the document the portal issued under this code.")
NOT_A_HASH = _("Paste a SHA-256 hash (64 hexadecimal characters) or choose the PDF file.")
MAX_UPLOAD = 20 * 1024 * 1024


def _sha256_of(request) -> str | None:
    """The hash the visitor pasted, or the hash of the file he or she chose; None when neither is usable."""
    upload = request.FILES.get("file")
    if upload is not None and upload.size <= MAX_UPLOAD:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        return digest.hexdigest()
    pasted = (request.POST.get("sha256") or "").strip().lower()
    if len(pasted) == 64 and all(c in "0123456789abcdef" for c in pasted):
        return pasted
    return None


@require_http_methods(["GET", "POST"])
def verify(request, code):
    """Public (no login): the kind, the date of issue and the SHA-256 of the document with this code, and
    nothing about the people in it. A visitor may compare a hash or the file itself."""
    document = document_by_code(code)
    if document is None:
        raise Http404
    comparison = None
    if request.method == "POST":
        sha256 = _sha256_of(request)
        comparison = {"ok": None, "message": NOT_A_HASH} if sha256 is None else {
            "ok": sha256 == document.sha256, "message": MATCHES if sha256 == document.sha256 else DOES_NOT_MATCH}
    return render(request, "documents/verify.html", {"document": document, "comparison": comparison,
                                                     "portal_url": settings.PORTAL_URL})


def download(request, code):
    """The PDF as issued, to whoever sees its object (404 otherwise); reading an application's document is a
    read of its personal data, recorded in the access log."""
    document, obj = document_for_download(request.user, code)
    owner = owner_of(type(obj))
    if owner is not None and (application := owner.application_of(obj)) is not None:
        personal_data_read(user=request.user, application=application, action=AccessAction.DOCUMENT_DOWNLOAD,
                           detail=f"{document.kind} {document.code}")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=document.filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response
