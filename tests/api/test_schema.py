"""Schemathesis against the served OpenAPI document: for every operation, generated requests
get no 5xx and every answer matches the document (status, content type, body schema)."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.organisations.factories import OrganisationFactory, TermFactory, ThemeFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def keep_connection():
    """As Django's test client does: the WSGI handler would close the test's connection (and
    its transaction) at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, keep_connection, settings):
    """A little of everything, so that lists and objects are not all empty."""
    # Every operation's examples together pass the per-client limit of a minute (the limit and
    # its 429 are tests/api/test_read.py's).
    settings.API_RATE_LIMIT = 0
    theme, group = ThemeFactory(slug="liikunta", yso_id="p916"), TermFactory(slug="omaiset")
    org = OrganisationFactory(themes=[theme], target_groups=[group], description_fi="Kuvaus")
    place = MeetingPlaceFactory(organisations=[org], step_free_entrance=True)
    ActivityFactory(organisation=org, place=place, themes=[theme], today=dt.date.today())
    ActivityFactory(organisation=org, venue="online", place=None, recurrence="")


@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case, world):
    # Not checked: whether the API refuses every value outside the document's types (pydantic
    # reads "0.5" as a Unix time) or takes every value inside them (dates_to before dates_from,
    # an unknown accessibility word): both are a 400 the document lists, never a 5xx.
    case.call_and_validate(
        excluded_checks=[checks.negative_data_rejection, checks.positive_data_acceptance]
    )


# The write API with a key of the right scope: generated bodies reach the forms (an organisation
# that granted the source, the source's own address), and still no 5xx and every answer as
# documented (201/200/202 for what the forms take, 400 with their messages otherwise).
writes = schema.include(path_regex="/source/")


@pytest.fixture
def writer(world):
    from api import services
    from tests.organisations.factories import area

    source = services.data_source_create(
        name="Lähde", contact="x", welfare_area=area(), user=None, slug="lahde"
    )
    org = OrganisationFactory(slug="kirjoittaja")
    services.grant_create(organisation=org, source=source, user=None)
    return services.key_issue(source=source, user=None).secret


@writes.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_writes_with_a_key_answer_as_documented(case, writer):
    case.path_parameters = {**(case.path_parameters or {}), "source": "lahde"}
    if "slug" in case.path_parameters:
        case.path_parameters["slug"] = "kirjoittaja"
    if isinstance(case.body, dict) and "organisation" in case.body:
        case.body["organisation"] = "kirjoittaja"
    case.call_and_validate(
        headers={"Authorization": f"Bearer {writer}"},
        excluded_checks=[checks.negative_data_rejection, checks.positive_data_acceptance],
    )
