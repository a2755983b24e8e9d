"""Coordinators review organisations of their own welfare area: queue, approve, request changes,
reject, edit, archive. Through the HTTP client; each test checks the page, the database and the
outbox.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from areas.models import WelfareArea
from organisations.models import Membership, OrganisationVersion, Status
from tests.personas import make_coordinator, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def test_queue_shows_only_own_area_oldest_first(client, coordinator, area, make_org):
    other_area = WelfareArea.objects.get(slug="vantaa-kerava")
    from django.utils import timezone

    now = timezone.now()
    newer = make_org(area, name="Uudempi ry", status=Status.IN_REVIEW, submitted_at=now)
    older = make_org(
        area,
        name="Vanhempi ry",
        status=Status.IN_REVIEW,
        submitted_at=now - timezone.timedelta(days=3),
    )
    pending = make_org(
        area, name="Muutos ry", status=Status.PUBLISHED, pending_changes={"name": "Uusi nimi"}
    )
    make_org(area, name="Luonnos ry", status=Status.DRAFT)
    make_org(other_area, name="Vantaan ry", status=Status.IN_REVIEW)

    response = client.get(reverse("coordinate:queue"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Vantaan ry" not in body
    assert "Luonnos ry" not in body
    assert body.index(older.name) < body.index(newer.name)
    assert pending.name in body


def test_outsiders_are_turned_away(client, area):
    url = reverse("coordinate:queue")
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]

    client.force_login(make_user("asukas@example.com"))
    assert client.get(url).status_code == 403
    assert client.get(reverse("coordinate:dashboard")).status_code == 403


def test_coordinator_of_another_area_gets_404(client, area, make_org):
    organisation = make_org(area, status=Status.IN_REVIEW)
    other = make_org(area, name="Toinen ry")
    client.force_login(make_coordinator("vantaa@example.com", "vantaa-kerava"))
    for name, kwargs in [
        ("coordinate:review", {"pk": organisation.pk}),
        ("coordinate:edit", {"pk": organisation.pk}),
        ("coordinate:history", {"pk": organisation.pk}),
        ("coordinate:archive", {"pk": organisation.pk}),
        ("coordinate:merge", {"pk": organisation.pk, "target_pk": other.pk}),
    ]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    response = client.post(
        reverse("coordinate:review", args=[organisation.pk]), {"action": "approve"}
    )
    assert response.status_code == 404
    organisation.refresh_from_db()
    assert organisation.status == Status.IN_REVIEW


def test_dashboard_counts(client, coordinator, area, make_org):
    make_org(area, name="Arvioitava ry", status=Status.IN_REVIEW)
    make_org(area, name="Luonnos ry", status=Status.DRAFT)
    make_org(WelfareArea.objects.get(slug="vantaa-kerava"), name="Muu", status=Status.DRAFT)

    response = client.get(reverse("coordinate:dashboard"))

    assert response.status_code == 200
    assert response.context["awaiting_review"] == 1
    assert response.context["drafts"] == 1


def test_approve_publishes_and_emails_admins(
    client, coordinator, area, django_capture_on_commit_callbacks, make_org
):
    organisation = make_org(area, status=Status.IN_REVIEW, admin_email="admin@example.com")
    Membership.objects.create(organisation=organisation, user=make_user("editor@example.com"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("coordinate:review", args=[organisation.pk]), {"action": "approve"}
        )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Status.PUBLISHED
    assert organisation.last_reviewed_at is not None
    assert OrganisationVersion.objects.filter(organisation=organisation, action="approved").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["admin@example.com"]
    # Written in the admin's own language (Finnish by default).
    assert "julkaistu" in mail.outbox[0].subject


def test_approve_pending_changes_applies_them(client, coordinator, area, make_org):
    organisation = make_org(
        area, status=Status.PUBLISHED, pending_changes={"name": "Uusi Muistiyhdistys ry"}
    )

    page = client.get(reverse("coordinate:review", args=[organisation.pk]))
    assert "Uusi Muistiyhdistys ry" in page.content.decode()  # the diff
    response = client.post(
        reverse("coordinate:review", args=[organisation.pk]), {"action": "approve"}
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Uusi Muistiyhdistys ry"
    assert organisation.pending_changes is None
    assert organisation.status == Status.PUBLISHED


def test_request_changes_needs_a_message(
    client, coordinator, area, django_capture_on_commit_callbacks, make_org
):
    organisation = make_org(area, status=Status.IN_REVIEW, admin_email="admin@example.com")
    url = reverse("coordinate:review", args=[organisation.pk])

    response = client.post(url, {"action": "request_changes", "changes-message": "  "})

    assert response.status_code == 400
    assert response.context["changes_form"].errors["message"]
    assert b'aria-invalid="true"' in response.content
    organisation.refresh_from_db()
    assert organisation.status == Status.IN_REVIEW

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "request_changes", "changes-message": "Lisää kuvaus ruotsiksi."}
        )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Status.DRAFT
    assert organisation.review_message == "Lisää kuvaus ruotsiksi."
    assert len(mail.outbox) == 1
    assert "Lisää kuvaus ruotsiksi." in mail.outbox[0].body
    assert OrganisationVersion.objects.filter(
        organisation=organisation, action="changes_requested"
    ).exists()


def test_request_changes_discards_pending_changes(client, coordinator, area, make_org):
    organisation = make_org(area, status=Status.PUBLISHED, pending_changes={"name": "Väärä"})

    client.post(
        reverse("coordinate:review", args=[organisation.pk]),
        {"action": "request_changes", "changes-message": "Nimi ei muuttunut."},
    )

    organisation.refresh_from_db()
    assert organisation.pending_changes is None
    assert organisation.name == "Muistiyhdistys ry"
    assert organisation.status == Status.PUBLISHED


def test_reject_needs_a_reason_and_archives(
    client, coordinator, area, django_capture_on_commit_callbacks, make_org
):
    organisation = make_org(area, status=Status.IN_REVIEW, admin_email="admin@example.com")
    url = reverse("coordinate:review", args=[organisation.pk])

    response = client.post(url, {"action": "reject", "reject-reason": ""})
    assert response.status_code == 400
    assert "Write the reason for rejecting." in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "reject", "reject-reason": "Ei sote-järjestö."})

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Status.ARCHIVED
    assert organisation.archive_reason == "Ei sote-järjestö."
    assert "Ei sote-järjestö." in mail.outbox[0].body


def test_review_email_goes_out_in_each_admins_language(
    client, coordinator, area, django_capture_on_commit_callbacks, make_org
):
    organisation = make_org(area, status=Status.IN_REVIEW, admin_email="fi@example.com")
    swede = make_user("sv@example.com", language="sv")
    Membership.objects.create(organisation=organisation, user=swede, role=Membership.Role.ADMIN)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coordinate:review", args=[organisation.pk]), {"action": "approve"})

    assert sorted(m.to[0] for m in mail.outbox) == ["fi@example.com", "sv@example.com"]
    assert all(m.alternatives for m in mail.outbox)  # the HTML part


def test_coordinator_edit_publishes_directly_and_detects_conflicts(
    client, coordinator, area, make_org
):
    organisation = make_org(area, status=Status.PUBLISHED, pending_changes={"name": "Odottaa"})
    url = reverse("coordinate:edit", args=[organisation.pk])
    page = client.get(url)
    assert page.status_code == 200
    form_version = page.context["form"].initial["version"]
    data = {
        "name": "Muistiyhdistys Keski-Suomi ry",
        "kind": "association",
        "staffing": "volunteers",
        "welfare_area": str(area.pk),
        "municipalities": [str(m.pk) for m in organisation.municipalities.all()],
        "categories": ["older_people"],
        "description_fi": "Uusi kuvaus.",
        "version": str(form_version),
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.name == "Muistiyhdistys Keski-Suomi ry"
    assert organisation.pending_changes is None
    assert organisation.status == Status.PUBLISHED

    # The same (now old) form again: a conflict, with the typed text kept.
    data["description_fi"] = "Kolmas kuvaus."
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["has_conflict"]
    assert "Kolmas kuvaus." in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.description_fi == "Uusi kuvaus."


def test_archive_needs_reason_and_unarchive(client, coordinator, area, make_org):
    organisation = make_org(area, status=Status.PUBLISHED)
    url = reverse("coordinate:archive", args=[organisation.pk])

    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    organisation.refresh_from_db()
    assert organisation.status == Status.PUBLISHED

    response = client.post(url, {"reason": "Toiminta loppui."})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Status.ARCHIVED
    assert organisation.archive_reason == "Toiminta loppui."

    response = client.post(reverse("coordinate:unarchive", args=[organisation.pk]))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Status.PUBLISHED
    assert organisation.archive_reason == ""


def test_stale_list(client, coordinator, area, make_org):
    from django.utils import timezone

    old = timezone.now() - timezone.timedelta(days=400)
    make_org(area, name="Vanha ry", status=Status.PUBLISHED, created_at=old)
    make_org(area, name="Tuore ry", status=Status.PUBLISHED)

    response = client.get(reverse("coordinate:stale"))

    body = response.content.decode()
    assert "Vanha ry" in body
    assert "Tuore ry" not in body


def test_organisation_list_pages_render(client, coordinator, area, make_org):
    make_org(area, name="Listattava ry", status=Status.PUBLISHED)
    response = client.get(reverse("coordinate:organisations"), {"q": "listat"})
    assert response.status_code == 200
    assert "Listattava ry" in response.content.decode()


def test_review_page_shows_sector_and_target_groups_with_styled_decisions(
    client, coordinator, area, make_org
):
    from tests.organisations.factories import TermFactory

    organisation = make_org(area, name="Omaisyhdistys ry", status=Status.IN_REVIEW)
    organisation.categories = ["older_people", "carers"]
    organisation.save()
    organisation.target_groups.set([TermFactory(name_fi="Omaishoitajat", name_en="Family carers")])

    response = client.get(reverse("coordinate:review", args=[organisation.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "<dt>Sector</dt><dd>Older people, Carers</dd>" in body
    assert "<dt>Target groups</dt><dd>Family carers</dd>" in body
    # The portal's buttons: approve is the primary action, rejecting is dangerous.
    assert 'class="button">Approve</button>' in body
    assert 'class="button button--secondary">Request changes</button>' in body
    assert 'class="button button--danger">Reject and archive</button>' in body


def test_coordinator_pages_isolate_organisation_names(client, coordinator, area, make_org):
    """A right-to-left override in a name cannot spill over the text around it."""
    tricky = "Muisti\u202eyr yhdistys"
    organisation = make_org(area, name=tricky, status=Status.IN_REVIEW)

    queue = client.get(reverse("coordinate:queue")).content.decode()
    review = client.get(reverse("coordinate:review", args=[organisation.pk])).content.decode()

    assert f"<bdi>{tricky}</bdi></a>" in queue
    assert f"<h1>Review: <bdi>{tricky}</bdi></h1>" in review
    assert f"<title>Review: \u2068{tricky}\u2069" in review
    assert f"<dd><bdi>{tricky}</bdi></dd>" in review


def test_coordinator_edit_shows_the_shared_error_summary(client, coordinator, area, make_org):
    organisation = make_org(area, status=Status.PUBLISHED)
    url = reverse("coordinate:edit", args=[organisation.pk])
    version = client.get(url).context["form"].initial["version"]
    response = client.post(url, {"name": "", "version": str(version), "phone": "12"})
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert 'aria-labelledby="error-summary-title"' in html and 'href="#id_name"' in html
    assert html.index('href="#id_name"') < html.index('href="#id_phone"')  # the page's order
    organisation.refresh_from_db()
    assert organisation.name != ""
