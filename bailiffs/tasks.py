from celery import shared_task


@shared_task
def long_pauses_begin_task() -> int:
    from .services import long_pauses_begin

    return long_pauses_begin()
