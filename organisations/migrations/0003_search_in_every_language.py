"""search_extra now carries the Swedish and English names of an organisation's municipalities,
sectors, target groups and themes (services.core.search_fields): recompute it for the
organisations already saved."""

from django.db import migrations


def refresh(apps, schema_editor):
    from organisations.services.core import search_fields

    Organisation = apps.get_model("organisations", "Organisation")
    organisations = Organisation.objects.prefetch_related(
        "municipalities", "target_groups", "themes", "networks"
    ).order_by("pk")
    for organisation in organisations.iterator(chunk_size=2000):
        search_extra, facet_keys = search_fields(
            organisation,
            municipalities=sorted(organisation.municipalities.all(), key=lambda m: m.name_fi),
            target_groups=sorted(
                organisation.target_groups.all(), key=lambda t: (t.kind, t.name_fi)
            ),
            themes=sorted(organisation.themes.all(), key=lambda t: (t.kind, t.name_fi)),
            networks=list(organisation.networks.all()),
        )
        if (search_extra, facet_keys) != (organisation.search_extra, organisation.facet_keys):
            Organisation.objects.filter(pk=organisation.pk).update(
                search_extra=search_extra, facet_keys=facet_keys
            )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0002_taxonomy")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop, elidable=True)]
