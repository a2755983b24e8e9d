"""The demo's content lives in YAML files (organisations/, meetingplaces/, units/demo/data/)
that a coordinator can edit: they ship in the Docker image, and the small loaders read what a
person would write. That the seeded demo is the same as before the move is pinned in
tests/meetingplaces/test_demo.py (`test_the_seeded_content_is_the_pinned_demo`)."""

from __future__ import annotations

import datetime as dt
import fnmatch
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from meetingplaces.demo import activities, places
from organisations.demo import vocabulary
from portal.lib.datafiles import clock

ROOT = Path(__file__).resolve().parent.parent
DATA_FILES = sorted(ROOT.glob("*/demo/data/*.yaml"))


def _ignored_by_docker(relative: str, patterns: list[str]) -> bool:
    """Whether .dockerignore leaves the file out of the build context: a pattern matches the
    path or one of its folders; a later "!pattern" takes it back (fnmatch's * also crosses
    "/", so this errs towards "left out")."""
    parts = relative.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        pattern = pattern.removeprefix("!").strip("/")
        if any(fnmatch.fnmatch(candidate, pattern) for candidate in candidates):
            ignored = not negated
    return ignored


def test_the_demo_data_files_ship_in_the_docker_image():
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert {path.parent.parent.parent.name for path in DATA_FILES} == {
        "organisations",
        "meetingplaces",
        "units",
        "guidance",
        "knowledge",
    }
    assert _ignored_by_docker("meetingplaces/demo/seed.pyc", patterns)  # the check can fail
    shipped = [p for p in DATA_FILES if not _ignored_by_docker(str(p.relative_to(ROOT)), patterns)]
    assert shipped == DATA_FILES


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("opens: '10:00'", dt.time(10)),
        ("opens: '09:30'", dt.time(9, 30)),
        # Unquoted, YAML 1.1 reads 10:00 as the base-60 number 600; it still means ten o'clock.
        ("opens: 10:00", dt.time(10)),
        ("opens: 19:30", dt.time(19, 30)),
    ],
)
def test_times_read_as_a_coordinator_writes_them(written, expected):
    assert clock(yaml.safe_load(written)["opens"]) == expected


def test_the_loaders_build_the_templates_and_places_from_the_files():
    branch = vocabulary.BRANCH
    assert branch.pattern == "Lapsiperheiden Tukiliiton {g} yhdistys ry"
    assert branch.levels == frozenset({"muni", "sub"})
    assert len(vocabulary.TEMPLATES) == 10 and all(vocabulary.TEMPLATES.values())

    living_room = activities.TEMPLATES[0]
    assert living_room.title == (
        "Olohuone – avoin kohtaamispaikka",
        "Vardagsrummet – öppen mötesplats",
        "Living room – open drop-in",
    )
    assert living_room.times[1] == (dt.time(9), dt.time(13))  # "open_hours", by name
    assert activities.TEMPLATES[1].times == activities.ANY_TIME[:3]  # "daytime"
    assert {t.fee for t in activities.TEMPLATES if t.fee} >= {Decimal("15.00")}

    centre = places.KESKI_SUOMI[0]
    assert centre.key == places.CENTRE and centre.name[0] == "Kansalaistoimintakeskus Tuulikello"
    assert centre.hours[0] == (0, dt.time(9), dt.time(16))
    assert places.VILLAGES[0][:3] == ("palokan-kylatalo", "Palokan kylätalo", "179")
