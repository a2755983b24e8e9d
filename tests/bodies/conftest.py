"""A partnership table of Keski-Suomi and the people around it, for the bodies' tests.

`body_world` (and `matrix_world`, once for a permission matrix's module) builds (no passwords:
tests log in with force_login):
- body "kumppanuuspoyta" with a chair, a secretary, a member who attended (member) and a
  deputy who did not; another body ("areena") with its own member (non_member here);
- `published`: a past meeting with published minutes (version 1), an item with a decision, an
  action owned by an organisation, an attachment;
- `draft`: a past meeting whose agenda is not public and whose minutes are in review;
- `upcoming`: a meeting with a published agenda.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bodies import services
from bodies.models import ActionItem, AgendaItem, Attachment, Body, BodyMember, Meeting
from tests.organisations.factories import OrganisationFactory, area
from tests.personas import person, role_personas

PERSONAS = (
    "anonymous",
    "resident",
    "member",
    "non_member",
    "secretary",
    "chair",
    "coordinator",
    "other_coordinator",
    "staff",
    "coordinator_no_totp",
    "staff_no_totp",
)


def make_body(slug: str, name: str, *, area_slug: str = "keski-suomi") -> Body:
    return Body.objects.create(
        welfare_area=area(area_slug), kind="partnership_table", slug=slug, name_fi=name
    )


def member(body: Body, name: str, role: str, user=None, organisation=None) -> BodyMember:
    return BodyMember.objects.create(
        body=body,
        name=name,
        role=role,
        user=user,
        organisation=organisation,
        term_start=timezone.localdate() - timedelta(days=400),
    )


def url(name: str, obj) -> str:
    """The address of the page `name` of `obj` (a meeting, an item, an attachment...)."""
    return reverse(name, kwargs={"pk": obj.pk})


def pdf_attachment(item: AgendaItem, name: str, root: Path) -> Attachment:
    """A small PDF attached to `item` as `name`, its file stored in `root`."""
    attachment = Attachment.objects.create(
        item=item, kind="pdf", original_name=name, stored_name=f"stored-{name}", size=10
    )
    root.mkdir(parents=True, exist_ok=True)
    (root / attachment.stored_name).write_bytes(b"%PDF-1.4\n%%EOF\n")
    return attachment


@pytest.fixture
def body_world(db, tmp_path, settings) -> SimpleNamespace:
    settings.BODIES_ATTACHMENT_ROOT = tmp_path / "attachments"
    return build_world(settings.BODIES_ATTACHMENT_ROOT)


@pytest.fixture(scope="module")
def matrix_world(module_transaction, tmp_path_factory) -> Iterator[SimpleNamespace]:
    """The world built once for a permission matrix's module (test_permissions*.py); each cell
    runs in a savepoint (tests/conftest.py)."""
    root = tmp_path_factory.mktemp("attachments")
    with override_settings(BODIES_ATTACHMENT_ROOT=root):
        yield build_world(root)


def build_world(root) -> SimpleNamespace:
    w = SimpleNamespace()
    w.org = OrganisationFactory(
        name="Testiyhdistys ry", slug="testiyhdistys", email="info@testiyhdistys.example"
    )
    w.body = make_body("kumppanuuspoyta", "Kumppanuuspöytä")
    w.other_body = make_body("areena", "Järjestöareena")
    w.users = {"anonymous": None, "resident": person("asukas@example.com")}
    for name in ("member", "deputy", "secretary", "chair", "non_member"):
        w.users[name] = person(f"{name}@example.com")
    w.chair = member(w.body, "Tuula Puheenjohtaja", "chair", w.users["chair"], w.org)
    w.secretary = member(w.body, "Sari Sihteeri", "secretary", w.users["secretary"], w.org)
    w.member = member(w.body, "Matti Jäsen", "member", w.users["member"], w.org)
    w.deputy = member(w.body, "Veera Varajäsen", "deputy", w.users["deputy"])
    member(w.other_body, "Olli Muualta", "member", w.users["non_member"])

    w.users |= role_personas()

    now = timezone.now()
    # A past meeting with published minutes.
    w.published = Meeting.objects.create(
        body=w.body, starts_at=now - timedelta(days=60), place="Jyväskylän kaupungintalo"
    )
    w.published.attendees.set([w.chair, w.secretary, w.member])
    w.published_item = AgendaItem.objects.create(
        meeting=w.published,
        position=1,
        title="Yhdistysten avustukset",
        background="Taustaa.",
        proposed_decision="Esitetään hyväksyttäväksi.",
        discussion="Keskusteltiin avustuksista.",
        decision="Päätös: avustusten haku avataan.",
        outcome="approved",
    )
    w.action = ActionItem.objects.create(
        item=w.published_item,
        title="Valmistellaan hakuilmoitus",
        owner_organisation=w.org,
        due_date=timezone.localdate() + timedelta(days=10),
    )
    services.agenda_publish(meeting=w.published)
    services.minutes_submit(meeting=w.published, review_days=7)
    services.minutes_approve(meeting=w.published, chair=w.chair, user=w.users["chair"])
    w.published.refresh_from_db()
    w.attachment = pdf_attachment(w.published_item, "liite.pdf", root)

    # A past meeting, agenda not public, minutes in review.
    w.draft = Meeting.objects.create(body=w.body, starts_at=now - timedelta(days=2), place="Etä")
    w.draft.attendees.set([w.chair, w.secretary, w.member])
    w.draft_item = AgendaItem.objects.create(
        meeting=w.draft, position=1, title="Luonnosasia", decision="Luonnospäätös."
    )
    w.draft_attachment = pdf_attachment(w.draft_item, "luonnos.pdf", root)
    w.draft_action = ActionItem.objects.create(
        item=w.draft_item, title="Luonnostoimi", owner_member=w.member, due_date=now.date()
    )
    services.minutes_submit(meeting=w.draft, review_days=7)
    w.draft.refresh_from_db()

    # An upcoming meeting with a public agenda.
    w.upcoming = Meeting.objects.create(
        body=w.body, starts_at=now + timedelta(days=14), place="Jyväskylä"
    )
    AgendaItem.objects.create(meeting=w.upcoming, position=1, title="Tulevat asiat")
    services.agenda_publish(meeting=w.upcoming)
    return w
