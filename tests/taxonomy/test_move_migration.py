"""Term and Network moved from the registry to the taxonomy app without touching a row.

The migration runs on a database that holds the demo registry: the registry's demo is seeded,
the move is undone (taxonomy to zero, organisations to 0003), a term and links are added
through the historical models the registry had before the move, and the move is applied again.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from areas.loader import load_reference_data
from areas.models import Municipality, WelfareArea
from organisations.demo.seed import seed as seed_registry
from organisations.models import Organisation
from taxonomy.loader import load_taxonomy
from taxonomy.models import Network, Term

BEFORE_MOVE = [("organisations", "0003_search_in_every_language"), ("taxonomy", None)]
LINK_TABLES = {
    "target_groups": "organisations_organisation_target_groups",
    "themes": "organisations_organisation_themes",
    "networks": "organisations_organisation_networks",
}


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def link_rows() -> dict[str, set[tuple[int, int]]]:
    rows = {}
    with connection.cursor() as cursor:
        for name, table in LINK_TABLES.items():
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (our own table names)
            rows[name] = {tuple(row[1:]) for row in cursor.fetchall()}
    return rows


@pytest.mark.django_db(transaction=True)
def test_move_to_the_taxonomy_app_keeps_terms_networks_and_links():
    if not WelfareArea.objects.exists():  # an earlier transactional test flushed them
        load_reference_data(WelfareArea, Municipality)
    if not Term.objects.exists():
        load_taxonomy(Term, Network, WelfareArea)
    seed_registry()  # the registry's demo: the rows the move must keep (the rest adds only time)
    term_ct = ContentType.objects.get_for_model(Term)

    executor = migrate(BEFORE_MOVE)
    old = executor.loader.project_state(BEFORE_MOVE[:1]).apps
    OldTerm = old.get_model("organisations", "Term")
    OldOrganisation = old.get_model("organisations", "Organisation")
    assert OldTerm._meta.db_table == "organisations_term"
    assert ContentType.objects.filter(app_label="organisations", model="term").exists()
    # A term and links written while the registry still owned the models.
    added = OldTerm.objects.create(kind="theme", slug="old-theme", name_fi="vanha teema")
    organisation = OldOrganisation.objects.get(slug="keuruun-muistiyhdistys")
    organisation.themes.add(added)
    terms_before = set(OldTerm.objects.values_list("pk", "slug", "kind", "name_fi", "name_sv"))
    networks_before = set(
        old.get_model("organisations", "Network").objects.values_list("pk", "slug", "name_fi")
    )
    links_before = link_rows()
    assert len(links_before["target_groups"]) > 500 and len(links_before["networks"]) > 100

    migrate(latest())

    assert set(Term.objects.values_list("pk", "slug", "kind", "name_fi", "name_sv")) == (
        terms_before
    )
    assert set(Network.objects.values_list("pk", "slug", "name_fi")) == networks_before
    assert link_rows() == links_before
    moved = Organisation.objects.get(slug="keuruun-muistiyhdistys")
    assert "old-theme" in {t.slug for t in moved.themes.all()}
    # The content type (and so permissions and admin log entries) moved along.
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(Term).pk == term_ct.pk
    assert not ContentType.objects.filter(app_label="organisations", model="term").exists()
