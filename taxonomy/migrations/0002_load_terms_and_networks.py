"""The curated target groups, themes and networks (taxonomy/loader.py), in three languages.

Idempotent (update_or_create by slug): on a database that had them from the registry's
0002_taxonomy it changes nothing.
"""

from django.db import migrations


def load(apps, schema_editor):
    from taxonomy.loader import load_taxonomy

    load_taxonomy(
        apps.get_model("taxonomy", "Term"),
        apps.get_model("taxonomy", "Network"),
        apps.get_model("areas", "WelfareArea"),
    )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
