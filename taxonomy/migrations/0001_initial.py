"""Term and Network move here from the registry (organisations/0004_move_taxonomy_to_its_app).

State only: their tables were created by organisations/0001_registry and keep their names
(`db_table`), so no row and no foreign key changes.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("areas", "0002_load_reference_data"),
        # The tables exist from here on.
        ("organisations", "0003_search_in_every_language"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Term",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("target_group", "Target group"), ("theme", "Theme")], max_length=20, verbose_name="kind")),
                        ("slug", models.SlugField(max_length=80, unique=True, verbose_name="identifier")),
                        ("name_fi", models.CharField(max_length=100, verbose_name="name in Finnish")),
                        ("name_sv", models.CharField(blank=True, max_length=100, verbose_name="name in Swedish")),
                        ("name_en", models.CharField(blank=True, max_length=100, verbose_name="name in English")),
                        ("yso_id", models.CharField(blank=True, help_text="For example p4354. Links the term to the General Finnish Ontology.", max_length=20, verbose_name="YSO concept ID")),
                    ],
                    options={
                        "verbose_name": "term",
                        "verbose_name_plural": "terms",
                        "db_table": "organisations_term",
                        "ordering": ["kind", "name_fi"],
                    },
                ),
                migrations.CreateModel(
                    name="Network",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("arena", "Association arena"), ("partnership_table", "Partnership table"), ("sector", "Sector network"), ("expert_group", "Expert group")], max_length=20, verbose_name="kind")),
                        ("slug", models.SlugField(max_length=80, unique=True, verbose_name="identifier")),
                        ("name_fi", models.CharField(max_length=150, verbose_name="name in Finnish")),
                        ("name_sv", models.CharField(blank=True, max_length=150, verbose_name="name in Swedish")),
                        ("name_en", models.CharField(blank=True, max_length=150, verbose_name="name in English")),
                        ("welfare_area", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="networks", to="areas.welfarearea", verbose_name="welfare area")),
                    ],
                    options={
                        "verbose_name": "network",
                        "verbose_name_plural": "networks",
                        "db_table": "organisations_network",
                        "ordering": ["name_fi"],
                    },
                ),
            ],
        ),
    ]
