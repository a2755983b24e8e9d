"""Members of an organisation: roles, invitations and requests for access.

Personas: the organisation's admin, an editor, an outsider, the person invited.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from organisations.models import AccessRequest, Invitation, Membership, Organisation
from tests.personas import make_coordinator, make_user

# `organisation` and its `admin`: tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stand_in_base")]


@pytest.fixture
def editor(organisation):
    user = make_user("editor@example.com")
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.EDITOR)
    return user


def members_url(organisation) -> str:
    return reverse("manage:members", kwargs={"slug": organisation.slug})


def invite(client, organisation, email="uusi@example.com", role="editor"):
    return client.post(members_url(organisation), {"email": email, "role": role})


# Members


def test_only_admins_manage_members(client, organisation, admin, editor):
    client.force_login(editor)
    assert client.get(members_url(organisation)).status_code == 403
    client.force_login(make_user("outsider@example.com"))
    assert client.get(members_url(organisation)).status_code == 403
    client.force_login(admin)
    response = client.get(members_url(organisation))
    assert response.status_code == 200
    assert "editor@example.com" in response.content.decode()


def test_coordinator_of_the_area_manages_members(client, organisation):
    from areas.models import WelfareArea

    organisation.welfare_area = WelfareArea.objects.get(slug="keski-suomi")
    organisation.save()
    client.force_login(make_coordinator("koordinaattori@example.com"))
    assert client.get(members_url(organisation)).status_code == 200


def test_admin_changes_a_role(client, organisation, admin, editor):
    client.force_login(admin)
    membership = Membership.objects.get(user=editor)
    url = reverse("manage:member-role", kwargs={"slug": organisation.slug, "pk": membership.pk})
    client.post(url, {"role": "admin"})
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN


def test_last_admin_cannot_be_removed_or_demoted(client, organisation, admin):
    client.force_login(admin)
    membership = Membership.objects.get(user=admin)
    kwargs = {"slug": organisation.slug, "pk": membership.pk}
    response = client.post(reverse("manage:member-remove", kwargs=kwargs), follow=True)
    assert "The last administrator cannot be removed" in response.content.decode()
    client.post(reverse("manage:member-role", kwargs=kwargs), {"role": "editor"})
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN


def test_admin_removes_a_member(client, organisation, admin, editor):
    client.force_login(admin)
    membership = Membership.objects.get(user=editor)
    kwargs = {"slug": organisation.slug, "pk": membership.pk}
    client.post(reverse("manage:member-remove", kwargs=kwargs))
    assert not Membership.objects.filter(user=editor).exists()


# Invitations


def test_invitation_is_sent_after_commit_in_the_inviters_language(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, organisation, email="Uusi@Example.com", role="admin")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "uusi@example.com"
    assert invitation.role == Membership.Role.ADMIN
    assert len(invitation.token) >= 40
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["uusi@example.com"]
    assert "You are invited to edit the information of" in message.subject
    assert f"/en/manage/invitations/{invitation.token}/" in message.body
    assert message.alternatives[0].mimetype == "text/html"


def test_invitation_in_finnish_when_the_inviter_uses_finnish(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/fi" + members_url(organisation).removeprefix("/en"),
            {"email": "uusi@example.com", "role": "editor"},
        )
    assert "/fi/manage/invitations/" in mail.outbox[0].body


def test_inviting_a_member_again_is_refused(client, organisation, admin, editor):
    client.force_login(admin)
    response = invite(client, organisation, email="editor@example.com")
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invitation_accepted_with_the_invited_address(client, organisation, admin):
    invitation = Invitation.objects.create(
        organisation=organisation, email="uusi@example.com", token="t" * 43, invited_by=admin
    )
    url = reverse("manage:accept-invitation", kwargs={"token": invitation.token})
    assert client.get(url).status_code == 302  # log in first

    person = make_user("uusi@example.com")
    client.force_login(person)
    assert "Accept the invitation" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert Membership.objects.get(user=person).role == Membership.Role.EDITOR
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_invitation_refused_for_another_address(client, organisation, admin):
    invitation = Invitation.objects.create(
        organisation=organisation, email="uusi@example.com", token="t" * 43, invited_by=admin
    )
    client.force_login(make_user("joku-muu@example.com"))
    url = reverse("manage:accept-invitation", kwargs={"token": invitation.token})
    page = client.get(url)
    response = client.post(url)
    assert response.status_code == 400
    # The invited address is not shown to another account that opens the link.
    for shown in (page, response):
        text = shown.content.decode()
        assert "another e-mail address than yours" in text
        assert "uusi@example.com" not in text
    assert Membership.objects.filter(organisation=organisation).count() == 1


def test_invitation_names_the_address_to_its_own_unverified_account(client, organisation, admin):
    invitation = Invitation.objects.create(
        organisation=organisation, email="uusi@example.com", token="t" * 43, invited_by=admin
    )
    client.force_login(make_user("Uusi@example.com", verified=False))
    url = reverse("manage:accept-invitation", kwargs={"token": invitation.token})
    text = client.get(url).content.decode()
    assert "sent to uusi@example.com, which is not verified" in text


def test_invitation_needs_a_verified_address(client, organisation, admin):
    invitation = Invitation.objects.create(
        organisation=organisation, email="uusi@example.com", token="t" * 43, invited_by=admin
    )
    client.force_login(make_user("uusi@example.com", verified=False))
    client.post(reverse("manage:accept-invitation", kwargs={"token": invitation.token}))
    assert Membership.objects.filter(organisation=organisation).count() == 1


def test_invitation_expires_after_14_days(client, organisation, admin):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        invitation = Invitation.objects.create(
            organisation=organisation, email="uusi@example.com", token="t" * 43
        )
    person = make_user("uusi@example.com")
    url = reverse("manage:accept-invitation", kwargs={"token": invitation.token})
    with time_machine.travel(start + dt.timedelta(days=15), tick=False):
        client.force_login(person)
        response = client.post(url)
    assert response.status_code == 400
    assert "This invitation has expired" in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()


# Requests for access


def test_access_request_flow(client, organisation, admin, django_capture_on_commit_callbacks):
    requester = make_user("pyytaja@example.com")
    requester.language = "en"  # the e-mails go out in each recipient's stored language
    requester.save()
    client.force_login(requester)
    url = reverse("manage:request-access", kwargs={"slug": organisation.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Olen yhdistyksen sihteeri."})
    assert response.status_code == 302
    access_request = AccessRequest.objects.get()
    assert access_request.status == AccessRequest.Status.PENDING
    assert mail.outbox[-1].to == ["admin@example.com"]
    assert "Olen yhdistyksen sihteeri." in mail.outbox[-1].body

    # Asking again does not create a second pending request.
    client.post(url, {"message": "Uudestaan."})
    assert AccessRequest.objects.count() == 1

    # An outsider cannot decide; the admin can.
    decide = reverse("manage:decide-access", kwargs={"pk": access_request.pk})
    client.force_login(make_user("outsider@example.com"))
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide, {"decision": "approve"})
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.APPROVED
    assert access_request.decided_by == admin
    assert Membership.objects.get(user=requester).role == Membership.Role.EDITOR
    assert mail.outbox[-1].to == ["pyytaja@example.com"]
    assert "You can now edit the information" in mail.outbox[-1].subject


def test_declined_request_gives_no_membership(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    requester = make_user("pyytaja@example.com")
    access_request = AccessRequest.objects.create(organisation=organisation, user=requester)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("manage:decide-access", kwargs={"pk": access_request.pk}),
            {"decision": "decline"},
        )
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.DECLINED
    assert not Membership.objects.filter(user=requester).exists()
    # In the requester's stored language (Finnish), although the admin browses in English.
    assert "tietoja hylättiin" in mail.outbox[-1].subject


def test_no_access_requests_to_drafts(client):
    draft = Organisation.objects.create(name="Luonnos ry", slug="luonnos")
    client.force_login(make_user("pyytaja@example.com"))
    url = reverse("manage:request-access", kwargs={"slug": draft.slug})
    assert client.post(url, {"message": ""}).status_code == 404
    assert not AccessRequest.objects.exists()


def test_dashboard_shows_invitations_and_requests(client, organisation, admin):
    person = make_user("uusi@example.com")
    Invitation.objects.create(organisation=organisation, email="uusi@example.com", token="x" * 43)
    AccessRequest.objects.create(organisation=organisation, user=make_user("p@example.com"))
    client.force_login(person)
    assert "Accept the invitation" in client.get(reverse("manage:dashboard")).content.decode()
    client.force_login(admin)
    assert (
        "<bdi>p@example.com</bdi> asks to edit"
        in client.get(reverse("manage:dashboard")).content.decode()
    )


# Query counts: the pages must not grow a query per organisation or member.


def _count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_organisations(client, organisation, admin):
    client.force_login(admin)
    url = reverse("manage:dashboard")
    client.get(url)  # the first request of a session also records the session
    one = _count_queries(client, url)
    for number in range(3):
        other = Organisation.objects.create(name=f"Yhdistys {number}", slug=f"yhdistys-{number}")
        Membership.objects.create(organisation=other, user=admin, role=Membership.Role.ADMIN)
        AccessRequest.objects.create(organisation=other, user=make_user(f"p{number}@example.com"))
    assert _count_queries(client, url) == one


def test_members_page_queries_do_not_grow_with_members(client, organisation, admin):
    client.force_login(admin)
    url = members_url(organisation)
    client.get(url)  # the first request of a session also records the session
    one = _count_queries(client, url)
    for number in range(3):
        Membership.objects.create(organisation=organisation, user=make_user(f"m{number}@x.fi"))
        Invitation.objects.create(
            organisation=organisation, email=f"i{number}@x.fi", token=f"{number}" * 43
        )
        AccessRequest.objects.create(organisation=organisation, user=make_user(f"r{number}@x.fi"))
    assert _count_queries(client, url) == one
