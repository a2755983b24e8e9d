"""Load the shipped reference CSVs (areas/data/) into the database; idempotent."""

from decimal import Decimal
from pathlib import Path

from portal.lib.datafiles import read_csv, upsert_rows

DATA = Path(__file__).resolve().parent / "data"


def load_reference_data(welfare_area_model, municipality_model) -> None:
    welfare_areas = [
        {
            "slug": row["slug"],
            "name_fi": row["name_fi"],
            "name_sv": row["name_sv"],
            "name_en": row["name_en"],
            "region_code": row["region"],
        }
        for row in read_csv(DATA / "welfare_areas.csv")
    ]
    upsert_rows(welfare_area_model, welfare_areas, key="slug")
    areas = {area.slug: area for area in welfare_area_model.objects.all()}
    municipalities = [
        {
            "code": row["code"],
            "name_fi": row["name_fi"],
            "name_sv": row["name_sv"],
            "region_code": row["region"],
            "welfare_area": areas.get(row["wellbeing_area"]),
            "latitude": Decimal(row["lat"]),
            "longitude": Decimal(row["lon"]),
        }
        for row in read_csv(DATA / "municipalities.csv")
    ]
    upsert_rows(municipality_model, municipalities, key="code")


def load_postcodes(postcode_model, municipality_model) -> None:
    """areas/data/postcodes.csv (derived by areas/data/make_postcodes.py) into the table."""
    municipalities = dict(municipality_model.objects.values_list("code", "pk"))
    postcodes = [
        {
            "code": row["postcode"],
            "name_fi": row["name_fi"],
            "name_sv": row["name_sv"],
            "municipality_id": municipalities[row["municipality_code"]],
            "latitude": Decimal(row["lat"]),
            "longitude": Decimal(row["lon"]),
            "point_source": row["point"],
        }
        for row in read_csv(DATA / "postcodes.csv")
        if row["municipality_code"] in municipalities
    ]
    upsert_rows(postcode_model, postcodes, key="code")
