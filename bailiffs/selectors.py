"""Reads of the bailiff registry that depend on who asks: every list and detail starts here."""

from collections.abc import Callable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from chamber_portal.core.access import acts_for_chamber
from chamber_portal.core.models import AuditEvent, User

from .models import Bailiff, BailiffPause, BailiffStatus

PAUSED = "paused"  # a public state (docs/domain.md §4), not stored: active with a pause covering the day

# Figures of the load whose rule lives in an app above this one (docs/architecture.md §6: registered from its
# AppConfig.ready, never imported): the name on the row → (the day → a filter on the bailiff's `assignments`).
# assignment registers `overdue_initiations` (assignment.rules.initiation_overdue_q).
LOAD_FIGURES: dict[str, Callable[[date], Q]] = {}


def register_load_figure(name: str, condition: Callable[[date], Q]) -> None:
    LOAD_FIGURES[name] = condition


def manages_registry(user: User) -> bool:
    return acts_for_chamber(user)


def bailiffs_visible_to(user: User) -> QuerySet[Bailiff]:
    """The registry as staff manage it: a regional chamber its own bailiffs, national staff all."""
    qs = Bailiff.objects.select_related("region")
    if not manages_registry(user):
        return qs.none()
    return qs if user.region_id is None else qs.filter(region_id=user.region_id)


def bailiffs_public() -> QuerySet[Bailiff]:
    """The public registry: active bailiffs with their office contacts."""
    return Bailiff.objects.select_related("region").filter(status=BailiffStatus.ACTIVE)


def bailiffs_for_api(user: User) -> QuerySet[Bailiff]:
    """Staff get their registry with the load; anyone else the public registry."""
    if manages_registry(user):
        return bailiffs_with_load(bailiffs_visible_to(user))
    return bailiffs_public() if user.is_authenticated else Bailiff.objects.none()


def bailiffs_with_load(qs: QuerySet[Bailiff], today: date | None = None) -> QuerySet[Bailiff]:
    """On every row, in the same query (no query per bailiff): `open_cases` held now, of those `unacknowledged`
    (receipt not confirmed), the figures registered in `LOAD_FIGURES` (`overdue_initiations`: no decision on
    initiation by the due date), and `paused_today`. Counted over the bailiff's assignments (one join, no double
    counting); a closed case keeps its assignment, with an outcome."""
    today = today or timezone.localdate()
    held = Q(assignments__is_active=True, assignments__outcome="")
    return qs.annotate(
        open_cases=Count("assignments", filter=held),
        unacknowledged=Count("assignments", filter=held & Q(assignments__acknowledged_at=None)),
        **{name: Count("assignments", filter=condition(today)) for name, condition in LOAD_FIGURES.items()},
        paused_today=_paused_on(today),
    )


def _paused_on(today: date) -> Exists:
    return Exists(BailiffPause.objects.filter(bailiff=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today))


def bailiffs_with_status(qs: QuerySet[Bailiff], status: str, today: date | None = None) -> QuerySet[Bailiff]:
    """Filter by a public state: a stored status, or `paused` (active, with a pause covering the day)."""
    if not status:
        return qs
    if status == PAUSED:
        today = today or timezone.localdate()
        return qs.filter(status=BailiffStatus.ACTIVE).filter(_paused_on(today))
    return qs.filter(status=status)


def bailiffs_search(qs: QuerySet[Bailiff], text: str, *, with_iin: bool = True) -> QuerySet[Bailiff]:
    """Name, licence number or (for staff: the public registry does not show it) IIN."""
    text = (text or "").strip()
    if not text:
        return qs
    compact = text.replace(" ", "").replace("-", "")
    if with_iin and len(compact) == 12 and compact.isdigit():
        return qs.filter(Q(iin=compact) | Q(licence_number__iexact=text))
    return qs.filter(Q(full_name__icontains=text) | Q(licence_number__icontains=text))


def bailiff_history(bailiff: Bailiff) -> QuerySet[AuditEvent]:
    """Registration, status changes, transfers, pauses and conflicts, oldest first, from the audit log."""
    return (
        AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(Bailiff), object_id=str(bailiff.pk))
        .select_related("actor")
        .order_by("at", "id")
    )
