""" "You said, we did" linked to real decisions: a consultation's summary points at decisions of
the bodies' published minutes of the same welfare area, and the minutes point back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bodies import services as body_services
from bodies.models import AgendaItem, Meeting
from forums.models import OutcomeLink
from tests.bodies.conftest import build_world, make_body, member
from tests.forums.factories import make_consultation, make_forum
from tests.personas import make_coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, tmp_path, settings):
    settings.BODIES_ATTACHMENT_ROOT = tmp_path / "attachments"
    return build_world(settings.BODIES_ATTACHMENT_ROOT)


@pytest.fixture
def consultation(db):
    return make_consultation(make_forum(), title_fi="Järjestöyhteistyön malli")


def published_meeting(body, title: str, *, days_ago: int = 30, items: int = 1) -> Meeting:
    """A meeting of the body with published minutes (its items decided and approved)."""
    meeting = Meeting.objects.create(
        body=body, starts_at=timezone.now() - timedelta(days=days_ago), place="Sali"
    )
    chair = member(body, "Pia Puheenjohtaja", "chair")
    meeting.attendees.set([chair])
    for number in range(1, items + 1):
        AgendaItem.objects.create(
            meeting=meeting,
            position=number,
            title=f"{title} {number}",
            decision=f"Päätettiin asiasta {title} {number}.",
            outcome="amended",
        )
    body_services.minutes_submit(meeting=meeting, review_days=7)
    body_services.minutes_approve(meeting=meeting, chair=chair, user=None)
    meeting.refresh_from_db()
    return meeting


def close(client, consultation, decisions, links=""):
    return client.post(
        reverse("forums:close", kwargs={"pk": consultation.pk}),
        {"summary_fi": "Te sanoitte, me teimme.", "decisions": decisions, "links": links},
    )


def meeting_url(meeting) -> str:
    return reverse("bodies:meeting", kwargs={"pk": meeting.pk})


def test_coordinator_links_a_decision_and_both_pages_show_the_link(
    client, world, consultation, english_pages
):
    client.force_login(make_coordinator("k@example.com"))
    form_page = client.get(reverse("forums:close", kwargs={"pk": consultation.pk}))
    html = form_page.content.decode()
    # Grouped by body and meeting date; the draft meeting's decision is not offered.
    date = timezone.localtime(world.published.starts_at)
    assert f'<optgroup label="Kumppanuuspöytä – {date.day}.{date.month}.{date.year}">' in html
    assert "Yhdistysten avustukset" in html and "Luonnosasia" not in html

    response = close(
        client, consultation, [world.published_item.pk], "Muistio | https://example.com/m"
    )
    assert response.status_code == 302
    links = list(consultation.outcome_links.all())
    assert [link.decision_id for link in links] == [world.published_item.pk, None]
    assert links[0].title.startswith("Kumppanuuspöytä") and links[0].url == ""

    page = client.get(reverse("forums:consultation", kwargs={"pk": consultation.pk}))
    html = page.content.decode()
    item_url = f"{meeting_url(world.published)}#minutes-item-{world.published_item.pk}"
    assert f'href="{item_url}"' in html
    assert f"Kumppanuuspöytä, {date.day}.{date.month}.{date.year}" in html
    assert "Approved as proposed" in html  # the outcome, from the published minutes
    assert "Päätös: avustusten haku avataan." in html
    assert "https://example.com/m" in html

    client.logout()
    minutes = client.get(meeting_url(world.published)).content.decode()
    assert "Feedback from the participation forum" in minutes
    consultation_href = reverse("forums:consultation", kwargs={"pk": consultation.pk})
    assert f'href="{consultation_href}">Järjestöyhteistyön malli</a>' in minutes

    # The form shows the chosen decision when the summary is edited again.
    again = client_get_close(client, consultation)
    assert f'value="{world.published_item.pk}" selected' in again


def client_get_close(client, consultation) -> str:
    client.force_login(make_coordinator("k2@example.com"))
    return client.get(reverse("forums:close", kwargs={"pk": consultation.pk})).content.decode()


def test_a_decision_of_another_area_is_refused_next_to_the_field(
    client, world, consultation, english_pages
):
    other = make_body("vantaan-poyta", "Vantaan pöytä", area_slug="vantaa-kerava")
    foreign = published_meeting(other, "Vantaan asia").items.get()
    client.force_login(make_coordinator("k@example.com"))
    response = close(client, consultation, [world.published_item.pk, foreign.pk])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose only decisions of published minutes of this welfare area" in html
    assert "Te sanoitte, me teimme." in html  # what was typed stays
    consultation.refresh_from_db()
    assert consultation.closed_at is None and not consultation.outcome_links.exists()


def test_an_unpublished_decision_is_refused(client, world, consultation, english_pages):
    # Minutes in review, and an item added to published minutes after their publication.
    late = AgendaItem.objects.create(
        meeting=world.published, position=9, title="Myöhästynyt", decision="Ei julkaistu."
    )
    client.force_login(make_coordinator("k@example.com"))
    for item in (world.draft_item, late):
        response = close(client, consultation, [item.pk])
        assert response.status_code == 200
        assert "Choose only decisions of published minutes" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.closed_at is None and not consultation.outcome_links.exists()


def test_a_link_is_a_decision_or_a_text_and_survives_the_decision_s_deletion(
    client, world, consultation
):
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeLink.objects.create(consultation=consultation)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeLink.objects.create(
            consultation=consultation, decision=world.published_item, url="https://example.com"
        )
    link = OutcomeLink.objects.create(
        consultation=consultation, decision=world.published_item, title="Kumppanuuspöytä: 1."
    )
    consultation.summary_fi = "Yhteenveto."
    consultation.summary_published_at = consultation.closed_at = timezone.now()
    consultation.save()
    world.published_item.delete()
    link.refresh_from_db()
    assert link.decision_id is None and link.title == "Kumppanuuspöytä: 1."
    html = client.get(reverse("forums:consultation", kwargs={"pk": consultation.pk})).content
    assert "Kumppanuuspöytä: 1." in html.decode()


def test_an_unpublished_consultation_is_not_shown_on_the_minutes(client, world, english_pages):
    hidden = make_consultation(
        make_forum(slug="piilo", is_published=False), title_fi="Piilotettu kuuleminen"
    )
    hidden.summary_published_at = timezone.now()
    hidden.save()
    OutcomeLink.objects.create(consultation=hidden, decision=world.published_item, title="x")
    html = client.get(meeting_url(world.published)).content.decode()
    assert "Piilotettu kuuleminen" not in html


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_linked_decisions(client, world, consultation):
    meeting = published_meeting(world.body, "Asia", items=4)
    items = list(meeting.items.all())
    url = reverse("forums:consultation", kwargs={"pk": consultation.pk})
    consultation.summary_fi = "Yhteenveto."
    consultation.summary_published_at = consultation.closed_at = timezone.now()
    consultation.save()
    count_queries(client, url)  # warm the per-process caches
    count_queries(client, meeting_url(meeting))
    without_page, without_minutes = (
        count_queries(client, url),
        count_queries(client, meeting_url(meeting)),
    )
    OutcomeLink.objects.create(consultation=consultation, decision=items[0], title="1")
    one_page = count_queries(client, url)
    for number, item in enumerate(items[1:], start=2):
        OutcomeLink.objects.create(consultation=consultation, decision=item, title=str(number))
        other = make_consultation(make_forum(slug=f"f{number}"), title_fi=f"Kuuleminen {number}")
        other.summary_published_at = timezone.now()
        other.save()
        OutcomeLink.objects.create(consultation=other, decision=item, title=str(number))
    many_page, many_minutes = (
        count_queries(client, url),
        count_queries(client, meeting_url(meeting)),
    )
    # The consultation page: one more query (the published minutes) when it links decisions.
    assert one_page == many_page == without_page + 1
    # The minutes page: the same number of queries with or without forum links.
    assert many_minutes == without_minutes


def test_the_august_demo_summary_links_a_demo_decision_when_the_bodies_were_seeded_first():
    from bodies.demo.builder import seed_bodies
    from forums.demo.seed import PAST_SLUG, seed
    from forums.models import Consultation
    from tests.organisations.factories import OrganisationFactory

    for n in range(3):
        OrganisationFactory(name=f"Demoyhdistys {n} ry", slug=f"demo-{n}")
    seed_bodies()
    seed()
    closed = Consultation.objects.get(forum__slug=PAST_SLUG)
    decision_links = closed.outcome_links.filter(decision__isnull=False)
    assert decision_links.count() == 1
    assert decision_links.get().decision.meeting.published_version > 0
    assert closed.outcome_links.filter(url__startswith="https://").count() == 1
