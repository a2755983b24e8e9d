"""The directory searches search.SearchEntry (search/README.md): drop the organisation's own
search columns nobody reads any more (the generated search_vector, search_extra, facet_keys)
and their GIN indexes, and the trigram index on the name (the duplicate finder compares the
names of given id pairs with similarity(), which no index serves; "name contains" on the
coordinators' list is an UPPER(...) LIKE the index cannot serve either)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0005_merge_taxonomy_move_and_bidi_names'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='organisation',
            name='org_search_vector_gin',
        ),
        migrations.RemoveIndex(
            model_name='organisation',
            name='org_facet_keys_gin',
        ),
        migrations.RemoveIndex(
            model_name='organisation',
            name='org_name_trgm',
        ),
        migrations.RemoveField(
            model_name='organisation',
            name='facet_keys',
        ),
        migrations.RemoveField(
            model_name='organisation',
            name='search_vector',
        ),
        migrations.RemoveField(
            model_name='organisation',
            name='search_extra',
        ),
    ]
