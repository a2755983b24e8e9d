"""Loaded the curated taxonomy into the registry's Term and Network.

Since they moved to the taxonomy app, taxonomy/0002_load_terms_and_networks loads them; this
migration stays (later ones depend on it) but does nothing any more.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_registry"),
        ("areas", "0002_load_reference_data"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
