"""What each kind of document says and who may see its object, registered by the domain apps.

    # intake/issued_documents.py
    owner_register(Application, visible_to=applications_visible_to, application_of=lambda a: a)

    @kind_register(DocumentKind.FILING_RECEIPT, Application)
    def filing_receipt(application: Application, event: str) -> Content: ...
"""

from collections.abc import Callable
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


_owners: dict[type[models.Model], Owner] = {}
_kinds: dict[str, Kind] = {}


def owner_register(model: type[models.Model], *, visible_to: Callable[[Any], QuerySet],
                   application_of: Callable[[Any], Any] | None = None) -> None:
    _owners[model] = Owner(model, visible_to, application_of or (lambda obj: None))


def kind_register(kind: str, model: type[models.Model]) -> Callable:
    def decorator(build: Callable[[Any, str], Content]) -> Callable[[Any, str], Content]:
        _kinds[kind] = Kind(kind, model, build)
        return build

    return decorator


def owner_of(model: type[models.Model]) -> Owner | None:
    return _owners.get(model)


def kind_of(kind: str) -> Kind:
    return _kinds[kind]
