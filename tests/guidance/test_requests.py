"""Contact requests both ways: consent, the neutral message in the receiver's language, the
closed loop, every read of the personal data logged, and who sees what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from guidance.models import ContactRequest, RequestRead
from guidance.services import CONSENT_VERSION
from notifications.models import OutgoingEmail
from organisations.models import Membership
from tests.guidance.conftest import make_unit
from tests.personas import make_professional, make_user

pytestmark = pytest.mark.django_db

PERSON = {
    "first_name": "Aino",
    "phone": "040 000 1234",
    "email": "",
    "language": "fi",
    "message": "Parhaiten tavoittaa aamupäivisin.",
    "consent": "on",
}


def _handoff(client, organisation, activity=None, **changes):
    url = reverse("guidance:handoff", kwargs={"slug": organisation.slug})
    if activity is not None:
        url += f"?activity={activity.pk}"
    return client.post(url, PERSON | changes)


def test_handoff_needs_consent_and_a_way_to_reach(client, professional, organisation):
    client.force_login(professional)
    response = _handoff(client, organisation, consent="", phone="")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Aino"' in html and "aria-invalid" in html
    assert not ContactRequest.objects.exists() and not OutgoingEmail.objects.exists()


def test_handoff_to_the_association_and_back(
    client, professional, organisation, admin, activity, unit
):
    activity.is_sensitive = True
    activity.title_sv = "Stödgrupp för anhöriga"
    activity.save()
    client.force_login(professional)
    assert _handoff(client, organisation, activity).status_code == 302
    request = ContactRequest.objects.get()
    assert (request.unit, request.organisation, request.activity) == (unit, organisation, activity)
    assert request.consent_version == CONSENT_VERSION and request.consent_at
    assert request.phone == "+358400001234"

    # The association's admin hears at once, in their language (sv), and the message names
    # neither the activity nor the person.
    (message,) = OutgoingEmail.objects.all()
    assert message.to == admin.email and message.language == "sv"
    assert "/sv/guidance/requests/" in message.context["url"]
    from notifications.services import email_render

    rendered = email_render(message)
    text = rendered.subject + rendered.body
    for secret in ("Muistikahvila", "Stödgrupp", "Aino", "0400001234", "aamupäivisin"):
        assert secret not in text

    # On the association's dashboard and list: no personal data there.
    client.force_login(admin)
    dashboard = client.get(reverse("manage:dashboard")).content.decode()
    assert (
        reverse("guidance:organisation-requests", kwargs={"slug": organisation.slug}) in dashboard
    )
    listing = client.get(
        reverse("guidance:organisation-requests", kwargs={"slug": organisation.slug})
    ).content.decode()
    assert "Aino" not in listing
    # Opening the request shows the person and logs the read.
    detail = client.get(reverse("guidance:request", kwargs={"pk": request.pk}))
    assert "Aino" in detail.content.decode()
    assert RequestRead.objects.filter(request=request, user=admin).count() == 1
    client.get(reverse("guidance:request", kwargs={"pk": request.pk}))
    assert RequestRead.objects.filter(request=request).count() == 2

    response = client.post(
        reverse("guidance:request", kwargs={"pk": request.pk}), {"status": "joined"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "joined" and request.erased_at is not None
    assert (request.first_name, request.phone, request.email, request.message) == ("", "", "", "")

    # The professional sees the outcome (closed loop).
    client.force_login(professional)
    home = client.get(reverse("guidance:home")).content.decode()
    assert organisation.public_name in home
    assert "joined" in home.lower() or "Liittyi" in home or "Joined" in home


def test_a_closed_request_cannot_be_changed(client, professional, organisation, admin):
    client.force_login(professional)
    _handoff(client, organisation)
    request = ContactRequest.objects.get()
    client.force_login(admin)
    url = reverse("guidance:request", kwargs={"pk": request.pk})
    client.post(url, {"status": "unreachable"})
    response = client.post(url, {"status": "joined"})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == "unreachable"


def test_others_do_not_see_a_request(client, professional, organisation, admin):
    client.force_login(professional)
    _handoff(client, organisation)
    request = ContactRequest.objects.get()
    url = reverse("guidance:request", kwargs={"pk": request.pk})
    # The sending professional sees only the status, not the person.
    assert client.get(url).status_code == 404
    other_org_admin = make_user("toinen@example.com")
    from tests.organisations.factories import OrganisationFactory

    Membership.objects.create(
        organisation=OrganisationFactory(slug="toinen"), user=other_org_admin, role="admin"
    )
    client.force_login(other_org_admin)
    assert client.get(url).status_code == 404
    assert not RequestRead.objects.exists()


def test_volunteer_finds_the_unit_contact_and_sends_a_request(client, organisation, admin, unit):
    from taxonomy.models import Term

    theme = Term.objects.filter(kind="theme").first()
    elsewhere = make_unit("Jyväskylän sote-keskus", code="179")
    client.force_login(admin)
    finder = client.get(
        reverse("guidance:find-unit", kwargs={"slug": organisation.slug}),
        {"municipality": unit.municipality_id, "theme": theme.pk},
    ).content.decode()
    assert "Keuruun sote-keskus" in finder and "Kaisa Yhteyshenkilö" in finder
    assert "Jyväskylän sote-keskus" not in finder and elsewhere.pk
    url = reverse("guidance:unit-request", kwargs={"slug": organisation.slug, "unit": unit.pk})
    url += f"?municipality={unit.municipality_id}&theme={theme.pk}"
    assert client.post(url, PERSON).status_code == 302
    request = ContactRequest.objects.get()
    assert request.direction == "to_unit" and request.theme == theme
    (message,) = OutgoingEmail.objects.all()
    assert message.to == unit.contact_email

    # The unit's professional opens it (logged) and marks it.
    professional = make_professional("vastaanottaja@example.com", unit)
    client.force_login(professional)
    detail = client.get(reverse("guidance:request", kwargs={"pk": request.pk}))
    assert "Aino" in detail.content.decode()
    client.post(reverse("guidance:request", kwargs={"pk": request.pk}), {"status": "contacted"})
    request.refresh_from_db()
    assert request.status == "contacted" and request.first_name == "Aino"
    # The association sees the status of what it sent.
    client.force_login(admin)
    listing = client.get(
        reverse("guidance:organisation-requests", kwargs={"slug": organisation.slug})
    )
    assert "Aino" not in listing.content.decode()


def test_requests_and_sends_are_limited_per_person(client, professional, organisation, activity):
    from guidance import limits

    client.force_login(professional)
    count, _window = limits.LIMITS["request"]
    for _ in range(count):
        assert _handoff(client, organisation).status_code == 302
    over = _handoff(client, organisation)
    assert over.status_code == 429 and 'value="Aino"' in over.content.decode()
    assert ContactRequest.objects.count() == count

    client.post(reverse("guidance:shortlist-add"), {"kind": "activity", "object_id": activity.pk})
    count, _window = limits.LIMITS["send"]
    data = {"channel": "email", "address": "asiakas@example.com"}
    for _ in range(count):
        assert client.post(reverse("guidance:shortlist-send"), data).status_code == 302
    assert client.post(reverse("guidance:shortlist-send"), data).status_code == 429
