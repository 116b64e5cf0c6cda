"""Issuing a document with legal effect: render, store, hash, record. Runs in the `documents` queue after the
event's commit, never inside the event's own transaction (a distribution must not wait for a PDF)."""

import hashlib
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from chamber_portal.core.after_commit import task_after_commit
from chamber_portal.core.audit import audit_record

from .audit_events import DocumentEvent
from .models import IssuedDocument, code_new
from .registry import kind_of, kinds
from .render import document_html, pdf_from_html

logger = logging.getLogger(__name__)


def _existing(kind: str, content_type: ContentType, object_id: str, event: str) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(kind=kind, content_type=content_type, object_id=object_id,
                                         event=event).first()


def document_issue(*, kind: str, owner: models.Model, event: str = "") -> IssuedDocument:
    """Issue `kind` for `owner`'s `event` once: the PDF is rendered and stored, its SHA-256 and code written with
    an audit event, in one transaction. Issuing the same event again returns the first document (the unique
    constraint decides a race between two workers)."""
    content_type = ContentType.objects.get_for_model(owner, for_concrete_model=False)
    object_id = str(owner.pk)
    if (existing := _existing(kind, content_type, object_id, event)) is not None:
        return existing
    content = kind_of(kind).build(owner, event)
    issued_at, code = timezone.now(), code_new()
    while IssuedDocument.objects.filter(code=code).exists():  # 31¹⁰ codes: practically never loops
        code = code_new()
    # Rendered before the transaction: no row is locked while Pango lays the pages out.
    pdf = pdf_from_html(document_html(kind=kind, content=content, code=code, issued_at=issued_at))
    sha256 = hashlib.sha256(pdf).hexdigest()
    document = IssuedDocument(kind=kind, content_type=content_type, object_id=object_id, event=event,
                              language=content.language, sha256=sha256, code=code, issued_at=issued_at)
    document.file.save(document.filename, ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            document.save()
            audit_record(actor=None, obj=document, kind=DocumentEvent.ISSUED, data={
                "document": kind, "code": code, "sha256": sha256,
                "object": f"{content_type.app_label}.{content_type.model}:{object_id}", "event": event,
            })
    except IntegrityError:
        document.file.delete(save=False)  # another worker issued it first: its file stays, this one goes
        if (existing := _existing(kind, content_type, object_id, event)) is not None:
            return existing
        raise
    return document


def document_issue_on_commit(*, kind: str, owner: models.Model, event: str = "") -> None:
    """Enqueue the document's issue (the `documents` queue) when the caller's transaction commits."""
    from .tasks import document_issue_task

    task_after_commit(document_issue_task, kind, owner._meta.label_lower, owner.pk, event)


# Decisions per message: a drained backlog of 500 is 20 messages, not 500 (publishing one message per decision
# took half of the rotation's batch, issue 15), and a message still renders within its time limit.
DOCUMENTS_PER_MESSAGE = 25


def documents_issue_many_on_commit(*, kind: str, owners_events: list[tuple[models.Model, str]]) -> None:
    """The same for many documents of one kind (a drained backlog's decisions): after commit, in messages of
    DOCUMENTS_PER_MESSAGE documents each."""
    from .tasks import documents_issue_batch_task

    items = [[owner._meta.label_lower, owner.pk, event] for owner, event in owners_events]
    for start in range(0, len(items), DOCUMENTS_PER_MESSAGE):
        # One message per chunk, each published on its own: one failure (in-process rendering, a broker hiccup) is
        # logged and does not skip the others.
        task_after_commit(documents_issue_batch_task, kind, items[start:start + DOCUMENTS_PER_MESSAGE])


def documents_issue_due(*, since, limit: int = 100) -> int:
    """Issue what the events since `since` should have issued and did not (a message lost after commit, a worker
    that died): at most `limit` of each kind per run; returns how many were issued. Beat runs it hourly."""
    issued = 0
    for kind in kinds():
        if kind.due is None:
            continue
        for owner, event in kind.due(since, limit):
            try:
                document_issue(kind=kind.kind, owner=owner, event=event)
                issued += 1
            except Exception:  # one document that cannot be rendered must not stop the others
                logger.exception("Document %s of %s %s was not issued", kind.kind, owner._meta.label_lower, owner.pk)
    return issued
