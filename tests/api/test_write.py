"""The write API: a data source with its key writes an organisation's activities and contact
details by its own ids, through the pages' forms and services, in the scope the organisation
granted, idempotently, and every write is logged."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.utils import timezone

from api import services
from api.models import ApiKey, Outcome, SourceObject, WriteLog
from meetingplaces.models import Activity, PublishStatus
from organisations.models import Organisation, OrganisationVersion, Status
from tests.organisations.factories import (
    DraftOrganisationFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    area,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
NEXT_MONDAY = dt.date.today() + dt.timedelta(days=7 - dt.date.today().weekday())


@pytest.fixture
def setup():
    coordinator = UserFactory()
    admin = UserFactory()
    source = services.data_source_create(
        name="Seudun yhdistystori",
        contact="Tori, tori@example.com",
        welfare_area=area(),
        user=coordinator,
    )
    issued = services.key_issue(source=source, user=coordinator)
    org = OrganisationFactory(name="Kirjoittava yhdistys ry", slug="kirjoittava")
    services.grant_create(organisation=org, source=source, user=admin)
    return type(
        "Setup", (), {"source": source, "key": issued.key, "secret": issued.secret, "org": org}
    )


def activity_body(**changes) -> dict:
    body = {
        "organisation": "kirjoittava",
        "kind": "peer_support",
        "title_fi": "Omaisten ilta",
        "venue": "online",
        "online_url": "https://meet.example.com/ilta",
        "repeat": "weekly",
        "weekdays": [0],
        "interval": 1,
        "start_date": NEXT_MONDAY.isoformat(),
        "start_time": "18:00",
        "end_time": "19:30",
    }
    body.update(changes)
    return body


def put(client, path, body, secret, **headers):
    return client.put(
        API + path,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        **headers,
    )


def test_the_same_activity_twice_with_one_key_is_one_activity(client, setup):
    path = "/source/seudun-yhdistystori/activities/ev-1"
    first = put(client, path, activity_body(), setup.secret)
    assert first.status_code == 201, first.content
    assert first.json()["outcome"] == "created"
    again = put(client, path, activity_body(), setup.secret)
    assert again.status_code == 200, again.content
    assert again.json()["outcome"] == "updated"
    assert again.json()["id"] == first.json()["id"]
    assert Activity.objects.filter(organisation=setup.org).count() == 1
    activity = Activity.objects.get()
    # As the page's schedule form builds it: a weekly rule on Mondays, and its dates.
    assert activity.recurrence == "FREQ=WEEKLY;BYDAY=MO"
    assert activity.occurrences.exists()
    assert SourceObject.objects.get().activity == activity

    changed = put(
        client,
        "/source/seudun-yhdistystori/activities/ev-1",
        activity_body(title_fi="Omaisten iltapäivä", start_time="14:00", end_time="15:00"),
        setup.secret,
    )
    assert changed.status_code == 200
    activity.refresh_from_db()
    assert activity.title_fi == "Omaisten iltapäivä"
    assert activity.start_time == dt.time(14, 0)
    # The public read API shows it.
    assert client.get(f"{API}/activities/{activity.pk}").status_code == 200


def test_idempotency_key_replays_the_first_answer(client, setup):
    path = "/source/seudun-yhdistystori/activities/ev-2"
    first = put(client, path, activity_body(), setup.secret, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert first.status_code == 201
    replay = put(
        client, path, activity_body(title_fi="Muu"), setup.secret, HTTP_IDEMPOTENCY_KEY="abc-1"
    )
    assert replay.status_code == 201
    assert replay["Idempotency-Replayed"] == "true"
    assert replay.json() == first.json()
    assert Activity.objects.get().title_fi == "Omaisten ilta"
    assert list(WriteLog.objects.order_by("pk").values_list("outcome", flat=True)) == [
        Outcome.CREATED,
        Outcome.REPLAYED,
    ]
    # The same key for another request is refused.
    other = put(
        client,
        "/source/seudun-yhdistystori/activities/ev-3",
        activity_body(),
        setup.secret,
        HTTP_IDEMPOTENCY_KEY="abc-1",
    )
    assert other.status_code == 422
    assert Activity.objects.count() == 1


def test_validation_errors_are_the_forms_messages_per_field(client, setup):
    body = activity_body(
        venue="address",
        online_url="",
        weekdays=[],
        is_free=False,
        themes=["no-such-theme"],
        end_time="17:00",
    )
    response = put(client, "/source/seudun-yhdistystori/activities/ev-4", body, setup.secret)
    assert response.status_code == 400
    problem = response.json()
    assert problem["status"] == 400
    errors = problem["errors"]
    for name in ("street_address", "municipality", "weekdays", "fee_amount", "themes"):
        assert name in errors, errors
    assert not Activity.objects.exists()
    log = WriteLog.objects.get()
    assert (log.outcome, log.status, log.key) == (Outcome.INVALID, 400, setup.key)


def test_themes_and_municipality_by_slug_and_code(client, setup):
    ThemeFactory(slug="liikunta")
    body = activity_body(
        venue="address",
        street_address="Kauppakatu 1",
        municipality="179",
        themes=["liikunta"],
        repeat="once",
        weekdays=[],
    )
    response = put(client, "/source/seudun-yhdistystori/activities/ev-5", body, setup.secret)
    assert response.status_code == 201, response.content
    activity = Activity.objects.get()
    assert activity.municipality.code == "179"
    assert [t.slug for t in activity.themes.all()] == ["liikunta"]
    assert activity.recurrence == ""


def test_delete_archives(client, setup):
    path = f"{API}/source/seudun-yhdistystori/activities/ev-6"
    put(client, path.removeprefix(API), activity_body(), setup.secret)
    response = client.delete(path, HTTP_AUTHORIZATION=f"Bearer {setup.secret}")
    assert response.status_code == 200
    assert Activity.objects.get().status == PublishStatus.ARCHIVED
    missing = client.delete(path + "x", HTTP_AUTHORIZATION=f"Bearer {setup.secret}")
    assert missing.status_code == 404
    # A consumer mirroring the read API hears of it as of any archived activity.
    mirror = client.get(f"{API}/activities?modified_since=2000-01-01T00:00:00Z").json()
    assert mirror["results"] == []
    assert [r["reason"] for r in mirror["removed"]] == ["archived"]


@pytest.mark.parametrize("case", ["none", "unknown", "expired", "revoked"])
def test_keys_that_are_not_valid_are_refused(client, setup, case):
    secret = setup.secret
    if case == "none":
        response = client.put(
            API + "/source/seudun-yhdistystori/activities/ev-7",
            data=json.dumps(activity_body()),
            content_type="application/json",
        )
    else:
        if case == "unknown":
            secret = setup.secret[:-4] + "AAAA"
        elif case == "expired":
            ApiKey.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
        else:
            services.key_revoke(key=setup.key)
        response = put(
            client, "/source/seudun-yhdistystori/activities/ev-7", activity_body(), secret
        )
    assert response.status_code == 401
    assert response.json()["status"] == 401
    assert not Activity.objects.exists()
    if case in ("expired", "revoked"):
        assert WriteLog.objects.get().outcome == Outcome.REFUSED


def test_keys_of_the_wrong_scope_are_refused(client, setup):
    other_source = services.data_source_create(
        name="Toinen lähde", contact="x", welfare_area=area(), user=None
    )
    other = services.key_issue(source=other_source, user=None)
    # Another source's key for this source's address.
    response = put(
        client, "/source/seudun-yhdistystori/activities/ev-8", activity_body(), other.secret
    )
    assert response.status_code == 403
    # An organisation that did not grant this source.
    OrganisationFactory(slug="ei-lupaa")
    response = put(
        client,
        "/source/seudun-yhdistystori/activities/ev-8",
        activity_body(organisation="ei-lupaa"),
        setup.secret,
    )
    assert response.status_code == 403
    response = put(client, "/source/seudun-yhdistystori/organisations/ei-lupaa/contact",
                   {"email": "a@example.com"}, setup.secret)  # fmt: skip
    assert response.status_code == 403
    # A revoked grant.
    grant = setup.org.source_grants.get()
    services.grant_revoke(grant=grant, user=UserFactory())
    response = put(
        client, "/source/seudun-yhdistystori/activities/ev-8", activity_body(), setup.secret
    )
    assert response.status_code == 403
    assert not Activity.objects.exists()
    assert WriteLog.objects.filter(outcome=Outcome.REFUSED, status=403).count() == 4
    # An archived organisation takes no writes even with its grant.
    services.grant_create(organisation=setup.org, source=setup.source, user=UserFactory())
    Organisation.objects.filter(pk=setup.org.pk).update(
        status=Status.ARCHIVED, archive_reason="Purkautui."
    )
    response = put(
        client, "/source/seudun-yhdistystori/activities/ev-8", activity_body(), setup.secret
    )
    assert response.status_code == 403


def test_an_activity_of_an_organisation_awaiting_review_is_pending(client, setup):
    draft = DraftOrganisationFactory(slug="odottava", status=Status.IN_REVIEW)
    services.grant_create(organisation=draft, source=setup.source, user=UserFactory())
    response = put(
        client,
        "/source/seudun-yhdistystori/activities/ev-9",
        activity_body(organisation="odottava"),
        setup.secret,
    )
    assert response.status_code == 202, response.content
    assert response.json()["outcome"] == "pending"
    assert Activity.objects.get().organisation == draft


def test_contact_details_through_the_organisation_form_and_history(client, setup):
    path = "/source/seudun-yhdistystori/organisations/kirjoittava/contact"
    response = put(client, path, {"email": "info@example.com", "phone": "040 123 4567"},
                   setup.secret)  # fmt: skip
    assert response.status_code == 200, response.content
    setup.org.refresh_from_db()
    assert setup.org.email == "info@example.com"
    assert setup.org.phone == "+358401234567"  # the form's normalisation
    assert OrganisationVersion.objects.filter(organisation=setup.org, action="edited").exists()
    invalid = put(client, path, {"email": "not an address", "website": "nope"}, setup.secret)
    assert invalid.status_code == 400
    assert set(invalid.json()["errors"]) == {"email", "website"}


def test_contact_change_held_by_review_is_pending(client, setup, monkeypatch):
    from organisations.services import editing

    monkeypatch.setattr(editing, "REVIEWED_FIELDS", [*editing.REVIEWED_FIELDS, "email"])
    path = "/source/seudun-yhdistystori/organisations/kirjoittava/contact"
    response = put(client, path, {"email": "uusi@example.com"}, setup.secret)
    assert response.status_code == 202, response.content
    assert response.json()["pending"] == ["email"]
    setup.org.refresh_from_db()
    assert setup.org.email != "uusi@example.com"
    assert setup.org.pending_changes == {"email": "uusi@example.com"}


def test_keys_are_stored_hashed_and_rotated(setup):
    secret = setup.secret
    with connection.cursor() as cursor:
        cursor.execute("select prefix, salt, digest from api_apikey")
        rows = cursor.fetchall()
    assert rows and all(secret.split("_", 2)[2] not in "".join(row) for row in rows)
    assert services.key_find(secret) == setup.key
    rotated = services.key_rotate(key=setup.key, user=None)
    setup.key.refresh_from_db()
    assert setup.key.revoked_at is not None
    assert services.key_find(rotated.secret).is_active()
    assert not services.key_find(secret).is_active()


def test_every_write_is_logged_with_its_key(client, setup):
    put(client, "/source/seudun-yhdistystori/activities/ev-10", activity_body(), setup.secret)
    log = WriteLog.objects.get()
    assert (log.method, log.outcome, log.status, log.key) == ("PUT", "created", 201, setup.key)
    assert log.external_id == "ev-10" and log.object_id == Activity.objects.get().pk


@pytest.mark.parametrize(
    "changes",
    [
        {"venue": "place", "place": 10**30, "online_url": ""},
        {"signup_required": True, "capacity": 10**12},
        {"is_free": False, "fee_amount": "1e30"},
        {
            "venue": "address",
            "street_address": "Katu 1",
            "municipality": "179",
            "latitude": 1e308,
            "longitude": 25.7,
            "online_url": "",
        },
        {"repeat": "monthly", "month_position": 99, "month_weekday": -5},
        {"kind": "party"},
        {"status": "archived"},
    ],
)
def test_odd_values_are_the_forms_400_never_a_500(client, setup, changes):
    response = put(
        client, "/source/seudun-yhdistystori/activities/odd", activity_body(**changes),
        setup.secret,
    )  # fmt: skip
    assert response.status_code == 400, response.content
    assert response.json()["errors"]


def test_a_body_the_schema_refuses_is_logged_too(client, setup):
    body = activity_body(start_date="tomorrow", weekdays="Monday")
    response = put(client, "/source/seudun-yhdistystori/activities/ev-11", body, setup.secret)
    assert response.status_code == 400
    assert {"start_date", "weekdays"} <= set(response.json()["errors"])
    log = WriteLog.objects.get()
    assert (log.outcome, log.status, log.key) == (Outcome.INVALID, 400, setup.key)
