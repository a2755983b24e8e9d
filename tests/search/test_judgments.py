"""The judged query set (search/judgments/) on the demo data: every query marked "pass" finds
an accepted entry in the first three results, no query marked "fail" passes unnoticed (mark it
"pass": the floor only goes up), and success at 3 stays at or above the set's floor.

The demo is seeded once for the module inside a transaction rolled back at the end (as
tests/meetingplaces/test_demo.py), at a fixed time: Saturday 5 December 2026 at 19.30 in
Helsinki (the issue's Saturday), so that "today" and "this week" judge the same data every day.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction

from search.judgments import evaluate, load

NOW = dt.datetime(2026, 12, 5, 19, 30, tzinfo=ZoneInfo("Europe/Helsinki"))


pytestmark = pytest.mark.django_db  # ordered with the database tests, before any flush


def _reference_data() -> None:
    """The rows the data migrations load, back if a transactional test flushed them."""
    from areas.loader import load_postcodes, load_reference_data
    from areas.models import Municipality, Postcode, WelfareArea
    from taxonomy.loader import load_taxonomy
    from taxonomy.models import Network, Term

    if not WelfareArea.objects.exists():
        load_reference_data(WelfareArea, Municipality)
    if not Term.objects.exists():
        load_taxonomy(Term, Network, WelfareArea)
    if not Postcode.objects.exists():
        load_postcodes(Postcode, Municipality)


@pytest.fixture(scope="module")
def summary(django_db_setup, django_db_blocker):
    with time_machine.travel(NOW, tick=False), django_db_blocker.unblock(), transaction.atomic():
        _reference_data()
        call_command("seed_demo", stdout=StringIO())
        connection.check_constraints()  # once, not again at each test's teardown
        cache.clear()
        yield evaluate()
        transaction.set_rollback(True)


def test_the_set_is_large_and_varied():
    queries, _floor = load()
    assert len(queries) >= 60
    assert {q.lang for q in queries} == {"fi", "sv", "en"}
    params = {key for q in queries for key in q.params}
    assert {"postcode", "municipality", "radius", "day", "when", "free"} <= params


def test_judged_queries_pass_as_marked(summary):
    wrong = [
        f"{o.judged.id} (marked {o.judged.expect}): {o.top[:3]}"
        for o in summary.outcomes
        if o.success_at_3 != (o.judged.expect == "pass")
    ]
    assert not wrong, "\n".join(wrong)


def test_success_at_3_holds_its_floor(summary):
    _queries, floor = load()
    assert summary.success_at_3 >= floor["success_at_3"]
