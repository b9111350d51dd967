# pg_trgm lets the diarium search find parts of Swedish compound words
# ("avfall" in "avfallsplan"); on SQLite the operation does nothing.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0002_tjansteskrivelse_fields"),
    ]

    operations = [TrigramExtension()]
