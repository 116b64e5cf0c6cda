from datetime import timedelta

from django.utils import timezone

from intake.models import Application, Status


def distribution_sweep(*, older_than: timedelta = timedelta(minutes=2)) -> list[int]:
    """Regions with accepted applications waiting longer than `older_than`: a lost message, a dead
    worker or a region with no eligible bailiff. The caller drains each (docs/domain.md §5)."""
    cutoff = timezone.now() - older_than
    return list(
        Application.objects.filter(status=Status.ACCEPTED, accepted_at__lt=cutoff)
        .order_by()
        .values_list("region_id", flat=True)
        .distinct()
    )
