"""The notes' key: required in production, rotatable, a lost key no 500."""

from cryptography.fernet import Fernet

from notes import crypto
from notes.models import PersonalNote
from notes.services import write_note


def _ids(problems) -> list[str]:
    return [problem.id for problem in problems]


def test_production_needs_a_key(settings):
    settings.DEBUG = False
    settings.NOTES_ENCRYPTION_KEYS = ""

    assert _ids(crypto.keys_configured(None)) == ["notes.E001"]


def test_a_malformed_key_is_refused(settings):
    settings.NOTES_ENCRYPTION_KEYS = "not-a-key"

    assert _ids(crypto.keys_configured(None)) == ["notes.E002"]


def test_a_good_key_passes(settings):
    settings.DEBUG = False
    settings.NOTES_ENCRYPTION_KEYS = Fernet.generate_key().decode()

    assert crypto.keys_configured(None) == []


def test_a_note_survives_a_key_rotation_and_a_lost_key_reads_empty(setup, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.NOTES_ENCRYPTION_KEYS = old
    note = write_note(setup.item, by=setup.ledamot, text="Före bytet")

    settings.NOTES_ENCRYPTION_KEYS = f"{new},{old}"
    assert PersonalNote.objects.get(pk=note.pk).text == "Före bytet"

    settings.NOTES_ENCRYPTION_KEYS = new
    assert PersonalNote.objects.get(pk=note.pk).text == ""
