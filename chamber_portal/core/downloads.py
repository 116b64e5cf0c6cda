"""Serving an uploaded file after the caller has checked who may read it (uploads are never public media).

With file-system media behind nginx and MEDIA_ACCEL_REDIRECT=true the answer is empty and carries
`X-Accel-Redirect: <MEDIA_ACCEL_PREFIX><path>`: nginx's `internal` location serves the bytes (deploy/nginx/), so a
20 MB scan does not hold a gunicorn worker. Otherwise (development, gunicorn reached directly, or media in an S3
bucket, which nginx cannot read) the file streams through the portal. Both answers carry the same Content-Type,
Content-Disposition and nosniff headers. See docs/operations.md, "nginx".
"""

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def accel_redirect_applies(field: FieldFile) -> bool:
    """nginx can serve the file itself: the setting is on and the file lies in MEDIA_ROOT on disk."""
    return settings.MEDIA_ACCEL_REDIRECT and isinstance(field.storage, FileSystemStorage)


def protected_file_response(field: FieldFile, *, filename: str, as_attachment: bool,
                            content_type: str = "application/pdf") -> HttpResponse:
    """The stored file as an HTTP answer; a 404 when the stored file is missing.

    The caller has already found the record through a selector of what the user may see.
    """
    if not field or not field.storage.exists(field.name):
        raise Http404
    if accel_redirect_applies(field):
        response = HttpResponse(content_type=content_type)
        # The stored name, percent-encoded (nginx decodes it); uploads' names may hold Cyrillic letters.
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX + quote(field.name.lstrip("/"))
        disposition = content_disposition_header(as_attachment=as_attachment, filename=filename)
        if disposition:
            response["Content-Disposition"] = disposition
    else:
        try:
            handle = field.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    # Never sniffed into another type (issue 13); nginx adds it again on the internal redirect.
    response["X-Content-Type-Options"] = "nosniff"
    return response
