"""HTML to PDF with WeasyPrint: the document in both state languages (the addressee's first), with its
verification code and a QR code of its /verify/ address."""

import logging
from datetime import datetime

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from .models import DocumentKind
from .registry import Content

# WeasyPrint logs every step of every layout at INFO: a line per step per document is noise in the worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Kazakh is the state language and Russian is officially used on a par with it (Constitution, art. 7).
STATE_LANGUAGES = ("kk", "ru")


def verify_url(code: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + reverse("documents:verify", args=[code])


def languages_for(language: str) -> list[str]:
    first = language if language in STATE_LANGUAGES else "ru"
    return [first, *(other for other in STATE_LANGUAGES if other != first)]


def document_html(*, kind: str, content: Content, code: str, issued_at: datetime) -> str:
    url = verify_url(code)
    qr = mark_safe(segno.make(url, error="m").svg_inline(scale=3, border=0))  # segno's own SVG, no user input
    common = {"code": code, "verify_url": url, "issued_at": issued_at}
    languages = languages_for(content.language)
    sections = []
    for language in languages:
        with translation.override(language):
            sections.append(mark_safe(render_to_string(f"documents/{content.template}", {  # an escaped template
                **content.context, **common, "kind_label": str(DocumentKind(kind).label), "language": language,
            })))
    with translation.override(languages[0]):
        return render_to_string("documents/pdf.html", {
            **common, "sections": sections, "qr": qr, "kind_label": str(DocumentKind(kind).label),
            "language": languages[0],
        })


def pdf_from_html(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import (most of a second), which no web request needs.
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
