"""Term and Network now belong to the taxonomy app (taxonomy/0001_initial).

State only: the tables (organisations_term, organisations_network) and the many-to-many tables
of target groups, themes and networks keep their names and rows; only Django's idea of which
app owns the models changes. The content types move along, so admin permissions and log
entries keep pointing at the same models.
"""

from django.db import migrations, models

MOVED = ["term", "network"]


def move_content_types(apps, schema_editor, *, source="organisations", target="taxonomy"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            continue
        ContentType.objects.using(db).filter(app_label=source, model=model).update(
            app_label=target
        )


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="taxonomy", target="organisations")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("organisations", "0003_search_in_every_language"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="organisation",
                    name="target_groups",
                    field=models.ManyToManyField(
                        blank=True,
                        limit_choices_to={"kind": "target_group"},
                        related_name="organisations_as_target_group",
                        to="taxonomy.term",
                        verbose_name="target groups",
                    ),
                ),
                migrations.AlterField(
                    model_name="organisation",
                    name="themes",
                    field=models.ManyToManyField(
                        blank=True,
                        limit_choices_to={"kind": "theme"},
                        related_name="organisations_as_theme",
                        to="taxonomy.term",
                        verbose_name="themes",
                    ),
                ),
                migrations.AlterField(
                    model_name="organisation",
                    name="networks",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="organisations",
                        to="taxonomy.network",
                        verbose_name="networks",
                    ),
                ),
                migrations.DeleteModel(name="Term"),
                migrations.DeleteModel(name="Network"),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
