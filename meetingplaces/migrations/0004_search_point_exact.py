"""The search entries of pinned places, and of the activities held there or at an address with
its own point, say that their point is exact (search.SearchEntry.point_exact): the search shows
a distance only to those."""

from django.db import migrations

FORWARD = """
UPDATE search_searchentry e SET point_exact = TRUE
FROM meetingplaces_meetingplace p
WHERE e.kind = 'place' AND e.object_id = p.id AND p.location_source = 'pin';

UPDATE search_searchentry e SET point_exact = TRUE
FROM meetingplaces_activity a LEFT JOIN meetingplaces_meetingplace p ON p.id = a.place_id
WHERE e.kind = 'activity' AND e.object_id = a.id AND e.latitude IS NOT NULL
  AND ((a.venue = 'place' AND p.location_source = 'pin')
       OR (a.venue = 'address' AND a.latitude IS NOT NULL));
"""


class Migration(migrations.Migration):
    dependencies = [
        ("meetingplaces", "0003_activity_breaks_and_closed_dates"),
        ("search", "0004_entry_point_exact"),
    ]

    operations = [migrations.RunSQL(FORWARD, migrations.RunSQL.noop)]
