"""Two PUTs of the same new activity at the same moment (a data source retrying before the
first answer came): the source's writes run one at a time, so the second finds the first's
activity and updates it. One activity, never two."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from api import services
from meetingplaces.models import Activity
from tests.api.test_write import activity_body
from tests.organisations.factories import OrganisationFactory, area
from tests.threads import run_together


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_two_puts_at_once_make_one_activity():
    source = services.data_source_create(
        name="Seudun yhdistystori", contact="x", welfare_area=area(), user=None
    )
    secret = services.key_issue(source=source, user=None).secret
    org = OrganisationFactory(slug="kirjoittava")
    services.grant_create(organisation=org, source=source, user=None)
    statuses: list[int] = []

    def put() -> None:
        response = Client().put(
            "/api/v1/source/seudun-yhdistystori/activities/yhdessa-1",
            data=json.dumps(activity_body()),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        statuses.append(response.status_code)

    assert run_together([put, put]) == []
    assert sorted(statuses) == [200, 201]
    assert Activity.objects.count() == 1
