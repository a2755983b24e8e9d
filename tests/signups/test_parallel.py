"""20 people sign up at the same moment for 5 places: never more than 5 confirmed.

Each thread has its own database connection (transactional_db), so the row lock on the
occurrence is what keeps the count right."""

from __future__ import annotations

import pytest

from signups import services
from signups.models import Signup
from tests.personas import make_user
from tests.signups.conftest import make_activity, next_occurrence
from tests.threads import run_together

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_twenty_parallel_sign_ups_for_five_places_confirm_five(settings):
    occurrence = next_occurrence(make_activity(capacity=5))
    people = [make_user(f"rinnakkain{i}@example.com") for i in range(20)]
    errors = run_together(
        [lambda p=p: services.signup_create(occurrence=occurrence, user=p) for p in people]
    )
    assert errors == []
    statuses = list(Signup.objects.values_list("status", flat=True))
    assert statuses.count("confirmed") == 5
    assert statuses.count("waiting") == 15


def test_twenty_parallel_confirmations_and_cancellations_keep_the_count(settings):
    occurrence = next_occurrence(make_activity(capacity=5))
    pending = [
        services.signup_create(occurrence=occurrence, name=f"N{i}", email=f"n{i}@example.com")[0]
        for i in range(20)
    ]
    assert run_together([lambda s=s: services.signup_confirm(s) for s in pending]) == []
    assert Signup.objects.filter(status="confirmed").count() == 5
    confirmed = list(Signup.objects.filter(status="confirmed"))
    assert run_together([lambda s=s: services.signup_cancel(s) for s in confirmed[:3]]) == []
    assert Signup.objects.filter(status="confirmed").count() == 5  # three moved up
    assert Signup.objects.filter(status="waiting").count() == 12
