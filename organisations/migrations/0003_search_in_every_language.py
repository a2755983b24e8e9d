"""search_extra then carried the Swedish and English names of an organisation's municipalities,
sectors, target groups and themes, and this migration recomputed it with the app's code.

It now runs nothing: 0006_drop_unused_search_columns drops search_extra and facet_keys, and
search/0002_organisation_entries builds the search entries from the organisations themselves,
so what it computed was always thrown away (and a migration carries the code it runs)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("organisations", "0002_taxonomy")]

    operations = []
