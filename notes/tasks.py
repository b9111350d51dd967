"""The daily purge of personal notes past their retention (beat)."""

from celery import shared_task


@shared_task(name="notes.purge_expired_notes")
def purge_expired_notes_task() -> int:
    from notes.services import purge_expired_notes  # noqa: PLC0415 circular

    return purge_expired_notes()
