"""Associations edit their own profile: drafts, review, optimistic locking, reviewed fields.

Through the HTTP client; each test checks the page and the state left behind.
"""

from __future__ import annotations

import io
import os

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from areas.models import Municipality, WelfareArea
from organisations.models import (
    Membership,
    Organisation,
    OrganisationVersion,
    Status,
)
from search.models import SearchEntry
from tests.organisations.factories import MembershipFactory
from tests.personas import make_coordinator, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(stand_in_base, settings, tmp_path):
    """English pages, a stand-in base.html behind the real one (tests/conftest.py), uploads in
    a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def towns(area):
    return list(Municipality.objects.filter(welfare_area=area).order_by("name_fi")[:2])


@pytest.fixture
def member(client):
    user = make_user("jasen@example.com")
    client.force_login(user)
    return user


def complete_data(area, towns, **overrides) -> dict:
    data = {
        "name": "Jyväskylän Muistiyhdistys ry",
        "kind": "association",
        "staffing": "volunteers",
        "welfare_area": str(area.pk),
        "municipalities": [str(t.pk) for t in towns],
        "categories": ["older_people"],
        "description_fi": "Tuemme muistisairaita ja heidän läheisiään.",
    }
    data.update(overrides)
    return data


def make_organisation(user, area, towns, *, status=Status.DRAFT, **fields) -> Organisation:
    organisation = Organisation.objects.create(
        name=fields.pop("name", "Keski-Suomen Omaishoitajat ry"),
        slug=fields.pop("slug", "omaishoitajat"),
        welfare_area=area,
        categories=["carers"],
        description_fi="Omaishoitajien vertaistukea.",
        status=status,
        **fields,
    )
    organisation.municipalities.set(towns)
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.ADMIN)
    return organisation


# Creating


def test_draft_saves_with_only_a_name(client, member):
    response = client.post(reverse("manage:create"), {"name": "Muistiyhdistys", "action": "draft"})
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("manage:organisation", kwargs={"slug": "muistiyhdistys"})
    assert organisation.status == Status.DRAFT
    assert organisation.created_by == member
    assert Membership.objects.get(organisation=organisation).role == Membership.Role.ADMIN
    assert list(organisation.versions.values_list("action", flat=True)) == ["created"]
    # Search refreshed: a draft has no entry in the directory.
    assert not SearchEntry.objects.filter(object_id=organisation.pk).exists()


def test_slug_is_unique_with_a_number(client, member):
    for _ in range(2):
        client.post(reverse("manage:create"), {"name": "Muistiyhdistys ry", "action": "draft"})
    slugs = sorted(Organisation.objects.values_list("slug", flat=True))
    assert slugs == ["muistiyhdistys-ry", "muistiyhdistys-ry-2"]


def test_submit_validates_fully_and_keeps_what_was_typed(client, member):
    response = client.post(
        reverse("manage:create"),
        {
            "name": "Muistiyhdistys",
            "display_name": "Muistikahvila Kuokkala",
            "welfare_area": "",
            "action": "submit",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose at least one municipality where you are active." in html
    assert "Choose at least one sector." in html
    assert "Write a description in Finnish." in html
    assert "Choose the welfare area where you work." in html
    # Typed values come back, and errors are tied to their fields and in the summary.
    assert 'value="Muistikahvila Kuokkala"' in html
    assert 'aria-describedby="id_description_fi_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'href="#id_description_fi"' in html
    assert 'href="#id_categories_0"' in html
    assert not Organisation.objects.exists()


def test_submit_sets_in_review_and_shows_awaiting_review(client, member, area, towns):
    response = client.post(
        reverse("manage:create"), complete_data(area, towns, action="submit"), follow=True
    )
    organisation = Organisation.objects.get()
    assert organisation.status == Status.IN_REVIEW
    assert organisation.submitted_at is not None
    assert set(organisation.municipalities.all()) == set(towns)
    assert sorted(organisation.versions.values_list("action", flat=True)) == [
        "created",
        "submitted",
    ]
    assert "Awaiting review" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("business_id", "1234567-8", "its check digit does not match"),
        ("business_id", "12345", "seven digits, a dash and a check digit"),
        ("phone", "12", "phone number"),
        ("website", "not a web address", "Enter a valid URL."),
        ("email", "info(at)example", "Enter a valid email address."),
    ],
)
def test_bad_input_gets_an_error_beside_the_field(client, member, field, value, message):
    response = client.post(
        reverse("manage:create"), {"name": "Muistiyhdistys", field: value, "action": "draft"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert f'value="{value}"' in html
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        pytest.param("phone", "040 123 4567", "+358401234567", id="phone in E.164"),
        # 0737546-2: a valid business ID whose first digit is zero.
        pytest.param("business_id", "737546-2", "0737546-2", id="business ID's leading zero"),
    ],
)
def test_what_is_typed_is_stored_in_its_standard_form(client, member, field, typed, stored):
    client.post(
        reverse("manage:create"), {"name": "Muistiyhdistys", field: typed, "action": "draft"}
    )
    assert getattr(Organisation.objects.get(), field) == stored


def test_phone_is_shown_to_people_as_they_write_it(client, member, area, towns):
    """E.164 in the database and the page's JSON-LD; the national form in the form and page."""
    organisation = make_organisation(
        member, area, towns, status=Status.PUBLISHED, phone="+358401234567"
    )
    form = client.get(reverse("manage:edit", kwargs={"slug": organisation.slug}))
    assert 'value="040 123 4567"' in form.content.decode()

    page = client.get(organisation.get_absolute_url()).content.decode()
    assert '<a href="tel:+358401234567">040 123 4567</a>' in page
    assert '"telephone": "+358401234567"' in page


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+358401234567", "040 123 4567"),
        ("+35891234567", "09 123 4567"),
        ("+358141234567", "014 123 4567"),
        ("+358500123456", "050 012 3456"),
        ("+46701234567", "+46 70 123 45 67"),
        ("not a number", "not a number"),
    ],
)
def test_phone_numbers_in_the_national_form(stored, shown):
    from organisations.validators import format_phone

    assert format_phone(stored) == shown


def test_phone_typed_again_in_the_national_form_is_not_a_change(client, member, area, towns):
    from organisations.forms import OrganisationForm

    organisation = make_organisation(member, area, towns, phone="+358401234567")
    form = OrganisationForm(
        {"name": organisation.name, "phone": "040 123 4567"}, instance=organisation
    )
    assert "phone" not in form.changed_data


def test_nothing_is_half_saved_when_a_relation_is_invalid(client, member, area, towns):
    data = complete_data(area, towns, action="draft")
    data["municipalities"] = [str(towns[0].pk), "999999"]
    response = client.post(reverse("manage:create"), data)
    assert response.status_code == 200
    assert "Choose only municipalities of the welfare area you chose." in response.content.decode()
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()
    assert not OrganisationVersion.objects.exists()


def test_municipality_of_another_area_is_refused(client, member, area, towns):
    elsewhere = Municipality.objects.exclude(welfare_area=area).exclude(welfare_area=None).first()
    data = complete_data(area, [towns[0], elsewhere], action="submit")
    response = client.post(reverse("manage:create"), data)
    assert "Choose only municipalities of the welfare area you chose." in response.content.decode()
    assert not Organisation.objects.exists()


def _image(fmt: str, size=(20, 20), noise=False) -> io.BytesIO:
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, "teal")
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    buffer.seek(0)
    buffer.name = f"logo.{fmt.lower()}"
    return buffer


def test_logo_png_is_accepted(client, member):
    client.post(
        reverse("manage:create"),
        {"name": "Muistiyhdistys", "logo": _image("PNG"), "action": "draft"},
    )
    assert Organisation.objects.get().logo.name.startswith("logos/")


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (lambda: _image("GIF"), "The logo must be a PNG, JPEG or WebP image."),
        (lambda: _image("PNG", (1000, 1000), noise=True), "The largest allowed is 2 MB."),
    ],
)
def test_logo_wrong_format_or_too_large(client, member, image, message):
    response = client.post(
        reverse("manage:create"), {"name": "Muistiyhdistys", "logo": image(), "action": "draft"}
    )
    assert message in response.content.decode()
    assert not Organisation.objects.exists()


# Editing


def edit_post(client, organisation, data, version=None):
    data = {**data, "version": str(version if version is not None else organisation.version)}
    return client.post(reverse("manage:edit", kwargs={"slug": organisation.slug}), data)


def test_outsider_cannot_edit_a_draft(client, area, towns):
    owner = make_user("omistaja@example.com")
    organisation = make_organisation(owner, area, towns)
    client.force_login(make_user("ulkopuolinen@example.com"))
    assert client.get(reverse("manage:edit", kwargs={"slug": organisation.slug})).status_code == 404


def test_draft_edit_saves_everything_directly(client, member, area, towns):
    organisation = make_organisation(member, area, towns)
    response = edit_post(
        client,
        organisation,
        complete_data(area, towns, name="Uusi nimi ry", action="draft"),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Uusi nimi ry"
    assert organisation.version == 2
    assert organisation.pending_changes is None
    assert organisation.versions.first().action == "edited"


def test_second_save_on_the_same_version_is_a_conflict(client, member, area, towns):
    organisation = make_organisation(member, area, towns)
    opened_version = organisation.version  # two people open the form

    def save(description: str):
        data = complete_data(area, towns, description_fi=description, action="draft")
        return edit_post(client, organisation, data, version=opened_version)

    first = save("Ensimmäinen muutos.")
    assert first.status_code == 302

    second = save("Toinen muutos.")
    assert second.status_code == 200
    html = second.content.decode()
    assert "Someone else saved this organisation while you were editing" in html
    assert "Toinen muutos." in html  # the person's input is kept
    assert 'name="version" value="2"' in html  # a deliberate next save is based on version 2
    organisation.refresh_from_db()
    assert organisation.description_fi == "Ensimmäinen muutos."
    assert organisation.version == 2
    assert organisation.versions.count() == 1


def test_published_reviewed_field_waits_and_text_is_published(client, member, area, towns):
    organisation = make_organisation(member, area, towns, status=Status.PUBLISHED)
    page = client.get(reverse("manage:edit", kwargs={"slug": organisation.slug}))
    assert "Changes to this field are checked by the welfare area" in page.content.decode()

    def save(description: str):
        data = complete_data(
            area, towns, name="Uusi virallinen nimi ry", description_fi=description,
            categories=["carers"], action="save",
        )  # fmt: skip
        return edit_post(client, organisation, data)

    response = save("Uusi kuvaus.")
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Keski-Suomen Omaishoitajat ry"
    assert organisation.pending_changes == {"name": "Uusi virallinen nimi ry"}
    assert organisation.description_fi == "Uusi kuvaus."
    assert organisation.status == Status.PUBLISHED
    assert Organisation.objects.awaiting_review().filter(pk=organisation.pk).exists()

    # The edit form shows the proposed value; saving again without touching it keeps it.
    page = client.get(reverse("manage:edit", kwargs={"slug": organisation.slug}))
    assert 'value="Uusi virallinen nimi ry"' in page.content.decode()
    save("Vielä uudempi kuvaus.")
    organisation.refresh_from_db()
    assert organisation.pending_changes == {"name": "Uusi virallinen nimi ry"}
    assert organisation.description_fi == "Vielä uudempi kuvaus."


def test_published_reviewed_relation_is_stored_as_an_id(client, member, area, towns):
    national = Organisation.objects.create(
        name="Muistiliitto ry", slug="muistiliitto", is_national=True, status=Status.PUBLISHED
    )
    organisation = make_organisation(member, area, towns, status=Status.PUBLISHED)
    edit_post(
        client,
        organisation,
        complete_data(
            area,
            towns,
            name=organisation.name,
            categories=["carers"],
            parent=str(national.pk),
            is_national="on",
            action="save",
        ),
    )
    organisation.refresh_from_db()
    assert organisation.pending_changes == {"parent_id": national.pk, "is_national": True}
    assert organisation.parent is None
    assert organisation.is_national is False


def test_published_edit_still_needs_the_minimum(client, member, area, towns):
    organisation = make_organisation(member, area, towns, status=Status.PUBLISHED)
    response = edit_post(
        client, organisation, complete_data(area, towns, description_fi="", action="save")
    )
    assert "Write a description in Finnish." in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.description_fi == "Omaishoitajien vertaistukea."


def test_draft_can_be_submitted_from_the_edit_page(client, member, area, towns):
    organisation = make_organisation(member, area, towns, review_message="Lisää kuvaus ruotsiksi.")
    edit_post(client, organisation, complete_data(area, towns, action="submit"))
    organisation.refresh_from_db()
    assert organisation.status == Status.IN_REVIEW
    assert organisation.review_message == ""
    assert organisation.versions.first().action == "submitted"


# The outcome of a review, as the member sees it


def test_requested_changes_and_rejection_are_shown(client, member, area, towns):
    changes = make_organisation(
        member, area, towns, review_message="Kerro, missä kunnissa toimitte."
    )
    make_organisation(
        member,
        area,
        towns,
        slug="hylatty",
        status=Status.ARCHIVED,
        archive_reason="Sama yhdistys on jo rekisterissä.",
    )
    dashboard = client.get(reverse("manage:dashboard")).content.decode()
    assert "Kerro, missä kunnissa toimitte." in dashboard
    assert "Sama yhdistys on jo rekisterissä." in dashboard
    page = client.get(reverse("manage:organisation", kwargs={"slug": changes.slug}))
    assert "The coordinator asked for changes" in page.content.decode()


def test_coordinator_of_the_area_may_edit(client, area, towns):
    organisation = make_organisation(make_user("omistaja@example.com"), area, towns)
    client.force_login(make_coordinator("koordinaattori@example.com"))
    response = client.get(reverse("manage:edit", kwargs={"slug": organisation.slug}))
    assert response.status_code == 200


def test_member_confirms_information_is_still_correct(client, member, area, towns):
    organisation = make_organisation(member, area, towns, status=Status.PUBLISHED)
    response = client.post(reverse("manage:confirm-own", kwargs={"slug": organisation.slug}))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.last_confirmed_at is not None
    assert organisation.last_confirmed_at <= timezone.now()
    assert organisation.versions.first().action == "confirmed"


def test_refresh_shows_the_areas_municipalities_without_saving(client, member, area, towns):
    other = WelfareArea.objects.exclude(pk=area.pk).first()
    other_town = Municipality.objects.filter(welfare_area=other).first()
    response = client.post(
        reverse("manage:create"),
        {"name": "Muistiyhdistys", "welfare_area": str(other.pk), "action": "refresh"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert other_town.name_fi in html
    assert towns[0].name_fi not in html
    assert 'value="Muistiyhdistys"' in html
    assert "Please check these fields" not in html
    assert not Organisation.objects.exists()
    # Without JavaScript the page comes back at the municipalities (the browser focuses the
    # anchor's target: tests/browser/test_registry.py).
    assert 'formaction="#field-municipalities"' in html
    assert 'id="field-municipalities" tabindex="-1"' in html


def test_dashboard_points_to_the_directory_for_associations_already_listed(client):
    client.force_login(make_user("uusi@example.com"))
    html = client.get(reverse("manage:dashboard")).content.decode()
    assert reverse("manage:create") in html
    assert f'<a href="{reverse("organisations:list")}">Find it in the directory</a>' in html


def test_new_organisation_form_lists_municipalities_only_after_the_area(client):
    client.force_login(make_user("uusi@example.com"))
    response = client.get(reverse("manage:create"))
    form = response.context["form"]
    assert list(form.fields["municipalities"].queryset) == []
    html = response.content.decode()
    assert 'name="municipalities"' not in html
    assert "Choose your welfare area above" in html


def test_new_organisation_form_preselects_the_area_of_ones_other_organisations(client):
    membership = MembershipFactory()
    area = membership.organisation.welfare_area
    client.force_login(membership.user)
    form = client.get(reverse("manage:create")).context["form"]
    assert form["welfare_area"].value() == area.pk
    assert set(form.fields["municipalities"].queryset) == set(
        Municipality.objects.filter(welfare_area=area)
    )


def test_error_summary_follows_the_form_order(client, member, area):
    response = client.post(
        reverse("manage:create"),
        {
            "name": "Muistiyhdistys",
            "welfare_area": str(area.pk),
            "phone": "12",
            "business_id": "1234567-8",
            "action": "submit",
        },
    )
    assert response.status_code in (200, 400)
    labels = [link.label.lower() for link in response.context["form"].error_links()]
    assert labels == [
        "business id",
        "municipalities where active",
        "sectors",
        "public phone number",
        "description in finnish",
    ]
    html = response.content.decode()
    positions = [
        html.index(f'href="#{link.anchor}"') for link in response.context["form"].error_links()
    ]
    assert positions == sorted(positions)
