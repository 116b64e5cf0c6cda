from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from .models import IssuedDocument
from .registry import owner_of


def documents_of(*owners: models.Model | None) -> list[IssuedDocument]:
    """The documents issued for these objects (the caller's page already shows them), oldest first; what is not
    a saved model (None, a template's missing variable) is skipped."""
    documents: list[IssuedDocument] = []
    for owner in owners:
        if not isinstance(owner, models.Model) or owner.pk is None:
            continue
        content_type = ContentType.objects.get_for_model(owner, for_concrete_model=False)
        documents.extend(IssuedDocument.objects.filter(content_type=content_type, object_id=str(owner.pk)))
    return sorted(documents, key=lambda document: (document.issued_at, document.pk))


def document_by_code(code: str) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(code=(code or "").strip().upper().replace("-", "")).first()


def document_for_download(user, code: str) -> tuple[IssuedDocument, models.Model]:
    """The document and its object, if `user` sees that object (through the object's own selector); else 404."""
    document = document_by_code(code)
    if document is None or not getattr(user, "is_authenticated", False):
        raise Http404
    model = document.content_type.model_class()
    owner = owner_of(model) if model is not None else None
    if owner is None:
        raise Http404
    visible: QuerySet = owner.visible_to(user)
    obj = visible.filter(pk=document.object_id).first()
    if obj is None:
        raise Http404
    return document, obj
