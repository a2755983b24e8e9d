"""The figures for the knowledge page (counts only, no personal data) and the demo that feeds
them (guidance/demo/data/guidance.yaml)."""

from __future__ import annotations

import json

import pytest

from guidance import figures
from guidance.demo.seed import seed
from guidance.models import ContactRequest, Handover, Professional
from tests.guidance.conftest import make_unit
from tests.organisations.factories import OrganisationFactory, area

pytestmark = pytest.mark.django_db

DEMO_UNITS = {
    "jyvaskylan-sote-keskus-kyllo": ("179", "keski-suomi"),
    "palokan-terveysasema": ("179", "keski-suomi"),
    "jyvaskylan-sosiaalipalvelut-kilpisenkatu": ("179", "keski-suomi"),
    "keuruun-terveysasema": ("249", "keski-suomi"),
    "tikkurilan-sote-keskus": ("092", "vantaa-kerava"),
    "keravan-sosiaalitoimisto": ("245", "vantaa-kerava"),
}


@pytest.fixture
def demo_world(db):
    for slug, (code, area_slug) in DEMO_UNITS.items():
        make_unit(slug.replace("-", " ").title(), slug=slug, code=code, area_slug=area_slug)
    for name in (
        "Keuruun Muistiyhdistys ry",
        "Jyväskylän Omaishoitajat ry",
        "Jyväskylän Mielenterveysyhdistys ry",
        "Palokan Eläkkeensaajat ry",
    ):
        OrganisationFactory(name=name)
    for name in ("Vantaan Nuorten Tuki ry", "Keravan Perheyhdistys ry"):
        OrganisationFactory(name=name, welfare_area=area("vantaa-kerava"))


def test_demo_has_professionals_and_closed_requests_and_seeds_once(demo_world):
    lines = seed()
    assert not any("Skipped" in line for line in lines), lines
    assert Professional.objects.count() == 4
    assert ContactRequest.objects.count() == 14
    closed = ContactRequest.objects.filter(status__in=["joined", "unreachable"])
    assert closed.count() == 11
    assert not closed.exclude(first_name="", phone="").exists()
    assert Handover.objects.count() == 48
    assert seed() == ["The demo professionals exist already; nothing to create."]
    assert ContactRequest.objects.count() == 14


def test_figures_count_by_unit_organisation_theme_and_month_without_personal_data(demo_world):
    seed()
    by_unit = figures.requests_by("unit")
    keuruu = next(row for row in by_unit if row["label"] == "Keuruun Terveysasema")
    assert keuruu["total"] == 5
    assert keuruu["outcomes"] == {"new": 0, "contacted": 2, "joined": 2, "unreachable": 1}
    by_theme = {row["label"]: row["total"] for row in figures.requests_by("theme")}
    assert sum(by_theme.values()) == 14
    by_organisation = figures.requests_by("organisation", direction="to_organisation")
    assert sum(row["total"] for row in by_organisation) == 11
    months = figures.requests_by("month")
    assert sum(row["total"] for row in months) == 14
    assert all(len(row["key"]) == 7 for row in months)
    vantaa = figures.requests_by("unit", area_id=area("vantaa-kerava").pk)
    assert sum(row["total"] for row in vantaa) == 3
    handovers = {row["label"]: row for row in figures.handovers_by_unit()}
    assert handovers["Jyvaskylan Sote Keskus Kyllo"]["channels"]["print"] == 14
    # Nothing personal in what the knowledge page gets.
    everything = json.dumps(
        [figures.requests_by(d) for d in ("unit", "organisation", "theme", "month")]
        + [figures.handovers_by_unit()],
        default=str,
    )
    for secret in ("Aili", "Veikko", "Helmi", "+35840"):
        assert secret not in everything
