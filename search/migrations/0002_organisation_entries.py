"""The directory reads organisations from search entries: write the entries of the organisations
already saved (the services keep them current from now on)."""

from django.db import migrations


def build(apps, schema_editor):
    from organisations.search import organisation_search_entries_build

    Organisation = apps.get_model("organisations", "Organisation")
    ids = list(
        Organisation.objects.filter(status="published", merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    organisation_search_entries_build(organisation_ids=ids)


def remove(apps, schema_editor):
    apps.get_model("search", "SearchEntry").objects.filter(kind="organisation").delete()
    apps.get_model("search", "SearchFacet").objects.filter(kind="organisation").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_entries"),
        ("organisations", "0003_search_in_every_language"),
    ]

    operations = [migrations.RunPython(build, remove, elidable=True)]
