"""Load the shipped reference CSVs (areas/data/) into the database; idempotent."""

import csv
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def load_reference_data(welfare_area_model, municipality_model) -> None:
    with open(DATA / "welfare_areas.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
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
    with open(DATA / "municipalities.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
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
