from django.db import migrations


def load(apps, schema_editor):
    from areas.loader import load_reference_data

    load_reference_data(apps.get_model("areas", "WelfareArea"), apps.get_model("areas", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
