from celery import shared_task


@shared_task
def daily_summaries_task() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): the daily summaries of the oversight figures up to yesterday. Idempotent:
    a day is rewritten whole, so running twice (acks_late, two beats) gives the same rows."""
    from .summaries import daily_summaries_update

    return daily_summaries_update()
