from django.db import migrations


def load(apps, schema_editor):
    from organisations.taxonomy import load_taxonomy

    load_taxonomy(
        apps.get_model("organisations", "Term"),
        apps.get_model("organisations", "Network"),
        apps.get_model("areas", "WelfareArea"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_registry"),
        ("areas", "0002_load_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
