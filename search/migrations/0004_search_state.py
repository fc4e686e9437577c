"""search_state: one row whose version every write to the index replaces with a random
one (in the writing transaction), so facets cached for a version are valid exactly while
it lasts; random, so a rolled-back write's version never comes back for other data."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0003_date_index_nulls_last")]

    operations = [
        migrations.RunSQL(
            "CREATE TABLE search_state (id smallint PRIMARY KEY CHECK (id = 1), version uuid NOT NULL);"
            "INSERT INTO search_state VALUES (1, gen_random_uuid());",
            "DROP TABLE search_state;",
        ),
    ]
