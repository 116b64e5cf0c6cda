"""What each kind of document says and who may see its object, registered by the domain apps.

    # intake/issued_documents.py
    owner_register(Application, visible_to=applications_visible_to, application_of=lambda a: a)

    @kind_register(DocumentKind.FILING_RECEIPT, Application)
    def filing_receipt(application: Application, event: str) -> Content: ...
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import QuerySet


@dataclass(frozen=True)
class Content:
    """One document's words: the template under templates/documents/, its context, and the addressee's language
    (printed first; the other state language follows)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    language: str = "ru"


@dataclass(frozen=True)
class Owner:
    model: type[models.Model]
    visible_to: Callable[[Any], QuerySet]
    # The application whose personal data the document holds (a download is a read of them), or None.
    application_of: Callable[[Any], Any] = lambda obj: None


@dataclass(frozen=True)
class Kind:
    kind: str
    model: type[models.Model]
    build: Callable[[Any, str], Content]
    # The events since a time that have no document yet, as (object, event) pairs: the hourly catch-up issues them
    # (a message lost after its event's commit loses nothing).
    due: Callable[[Any, int], Iterable[tuple[Any, str]]] | None = None


_owners: dict[type[models.Model], Owner] = {}
_kinds: dict[str, Kind] = {}


def owner_register(model: type[models.Model], *, visible_to: Callable[[Any], QuerySet],
                   application_of: Callable[[Any], Any] | None = None) -> None:
    _owners[model] = Owner(model, visible_to, application_of or (lambda obj: None))


def kind_register(kind: str, model: type[models.Model], *,
                  due: Callable[[Any, int], Iterable[tuple[Any, str]]] | None = None) -> Callable:
    """`due(since, limit)`: at most `limit` events since `since` still without their document."""
    def decorator(build: Callable[[Any, str], Content]) -> Callable[[Any, str], Content]:
        _kinds[kind] = Kind(kind, model, build, due)
        return build

    return decorator


def kinds() -> list[Kind]:
    return list(_kinds.values())


def not_issued(qs: QuerySet, *, kind: str, owner_model: type[models.Model], owner_id: Any = None,
               event: Any = None) -> QuerySet:
    """`qs` without the rows whose document is issued: `owner_id` and `event` are expressions over the outer row
    (default: the row itself, no event), compared in SQL (NOT EXISTS), so a long history is never read."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Exists, OuterRef, Value
    from django.db.models.functions import Cast

    from .models import IssuedDocument

    content_type = ContentType.objects.get_for_model(owner_model, for_concrete_model=False)
    issued = IssuedDocument.objects.filter(
        kind=kind, content_type=content_type,
        object_id=Cast(owner_id if owner_id is not None else OuterRef("pk"), CharField()),
        event=event if event is not None else Value(""),
    )
    return qs.exclude(Exists(issued))


def owner_of(model: type[models.Model]) -> Owner | None:
    return _owners.get(model)


def kind_of(kind: str) -> Kind:
    return _kinds[kind]
