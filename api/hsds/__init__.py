"""A whole welfare area as Open Referral HSDS 3.0: organisations, services (activities and the
organisations' lasting offer), locations (meeting places, activities' own addresses, online
meetings, the welfare area's units), services at locations, schedules, addresses, phones,
contacts, languages, accessibility and the taxonomy (target groups and themes with their YSO
ids, kinds of activity and of service).

One builder (`build`, builder.py with activities.py) gives the nested JSON form; `tables`
(tabular.py) flattens it into HSDS's tabular data package (one CSV per table, `datapackage.json`
made from the shipped schema files in api/schemas/hsds-3.0/). The pieces they share (identifiers,
texts, phones, languages, weekly hours, addresses) are in parts.py, the taxonomy in taxonomy.py.
Only published data; texts in one language per export (`lang`), with the portal's fallback
(fi → sv → en). Built with a constant number of queries and cached per area, language and the
data's last change (`export_json`, `export_zip` in exports.py).

Identifiers are UUIDs derived (uuid5) from each object's address in the open data API, so the
same object keeps its identifier from one export to the next.
"""

from .builder import build
from .exports import CACHE_SECONDS, data_version, export_json, export_zip
from .parts import HSDS_VERSION, TOP_LEVEL, json_bytes
from .tabular import SCHEMA_DIR, datapackage, hsds_schema, scalar_fields, tables, zip_package

__all__ = [
    "CACHE_SECONDS",
    "HSDS_VERSION",
    "SCHEMA_DIR",
    "TOP_LEVEL",
    "build",
    "data_version",
    "datapackage",
    "export_json",
    "export_zip",
    "hsds_schema",
    "json_bytes",
    "scalar_fields",
    "tables",
    "zip_package",
]
