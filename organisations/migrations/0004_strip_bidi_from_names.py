"""Remove bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C)
from the names of organisations already saved; the forms, services and importer remove them
on save from now on (organisations.validators.strip_bidi_controls)."""

from django.db import migrations

# A copy, not an import: a migration must not change when the application code does.
BIDI_CONTROLS = (
    [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u200e", "\u200f", "\u061c"]
)
TABLE = dict.fromkeys(map(ord, BIDI_CONTROLS))
PATTERN = "[" + "".join(BIDI_CONTROLS) + "]"


def strip_bidi_from_names(apps, schema_editor):
    from django.db.models import Q

    Organisation = apps.get_model("organisations", "Organisation")
    # search_extra existed until 0006_drop_unused_search_columns (the test runs this function
    # on today's models, which no longer have it).
    extra = [f.name for f in Organisation._meta.get_fields() if f.name == "search_extra"]
    affected = Organisation.objects.filter(
        Q(name__regex=PATTERN) | Q(display_name__regex=PATTERN)
    ).only("pk", "slug", "name", "display_name", *extra)
    for organisation in affected.iterator(chunk_size=500):
        name = organisation.name.translate(TABLE).strip()
        Organisation.objects.filter(pk=organisation.pk).update(
            # A name of control characters only keeps its slug as its name.
            name=name or organisation.slug,
            display_name=organisation.display_name.translate(TABLE).strip(),
            # The compound-word parts of the names went in with the controls.
            **{field: getattr(organisation, field).translate(TABLE) for field in extra},
        )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_search_in_every_language")]

    operations = [
        migrations.RunPython(strip_bidi_from_names, migrations.RunPython.noop, elidable=True)
    ]
