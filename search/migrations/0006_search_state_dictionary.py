"""search_state.dictionary: the segmenter fingerprint every row of the PostgreSQL index was
written with ('' when unknown or mixed). Only while it equals the running segmenter's does
a query trust a dictionary word's lexeme alone (``whole_words``); ``reindex`` sets it (it
starts from an empty index), as does the first write into an empty index; a write with
another fingerprint clears it."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0005_reindex_date_markers")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE search_state ADD COLUMN dictionary text NOT NULL DEFAULT ''",
            "ALTER TABLE search_state DROP COLUMN dictionary",
        ),
    ]
