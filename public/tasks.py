"""Thin Celery wrappers of the public side."""

from celery import shared_task


@shared_task(name="public.send_news")
def send_news_task() -> int:
    """Mail each confirmed subscription what is new (beat, every 15 minutes)."""
    from public.services import send_news  # noqa: PLC0415 circular

    return send_news()
