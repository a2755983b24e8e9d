"""Load the shipped reference CSVs (areas/data/) into the database; idempotent."""

from decimal import Decimal
from pathlib import Path

from portal.lib.datafiles import read_csv

DATA = Path(__file__).resolve().parent / "data"


def load_reference_data(welfare_area_model, municipality_model) -> None:
    for row in read_csv(DATA / "welfare_areas.csv"):
        welfare_area_model.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name_fi": row["name_fi"],
                "name_sv": row["name_sv"],
                "name_en": row["name_en"],
                "region_code": row["region"],
            },
        )
    areas = {area.slug: area for area in welfare_area_model.objects.all()}
    for row in read_csv(DATA / "municipalities.csv"):
        municipality_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_fi": row["name_fi"],
                "name_sv": row["name_sv"],
                "region_code": row["region"],
                "welfare_area": areas.get(row["wellbeing_area"]),
                "latitude": Decimal(row["lat"]),
                "longitude": Decimal(row["lon"]),
            },
        )


def load_postcodes(postcode_model, municipality_model) -> None:
    """areas/data/postcodes.csv (derived by areas/data/make_postcodes.py) into the table."""
    municipalities = dict(municipality_model.objects.values_list("code", "pk"))
    rows = [
        postcode_model(
            code=row["postcode"],
            name_fi=row["name_fi"],
            name_sv=row["name_sv"],
            municipality_id=municipalities[row["municipality_code"]],
            latitude=Decimal(row["lat"]),
            longitude=Decimal(row["lon"]),
            point_source=row["point"],
        )
        for row in read_csv(DATA / "postcodes.csv")
        if row["municipality_code"] in municipalities
    ]
    postcode_model.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "name_fi",
            "name_sv",
            "municipality",
            "latitude",
            "longitude",
            "point_source",
        ],
    )
