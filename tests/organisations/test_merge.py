"""Coordinators find duplicate organisations in their area and merge one into another."""

from __future__ import annotations

import pytest
from django.urls import reverse

from areas.models import Municipality, WelfareArea
from organisations.models import (
    AccessRequest,
    Invitation,
    Membership,
    OrganisationVersion,
    Status,
)
from organisations.services import merge
from organisations.services.core import organisation_record_version
from tests.personas import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def test_duplicates_lists_similar_names_and_same_website(client, coordinator, area, make_org):
    a = make_org(area, name="Jyväskylän Muistiyhdistys ry", website="https://www.muisti.fi/")
    b = make_org(area, name="Jyväskylän Muistiyhdistys", website="http://muisti.fi")
    c = make_org(area, name="Laukaan Eläkeläiset ry", email="info@elakelaiset.fi")
    d = make_org(area, name="Eläkeläisten kerho", email="INFO@elakelaiset.fi")
    make_org(area, name="Täysin eri yhdistys")
    make_org(WelfareArea.objects.get(slug="vantaa-kerava"), name="Jyväskylän Muistiyhdistys r.y.")

    response = client.get(reverse("coordinate:duplicates"))

    assert response.status_code == 200
    pairs = {(p.first.pk, p.second.pk): p for p in response.context["pairs"]}
    assert set(pairs) == {(a.pk, b.pk), (c.pk, d.pk)}
    assert "similar names" in pairs[(a.pk, b.pk)].reasons
    assert "same website" in pairs[(a.pk, b.pk)].reasons
    assert pairs[(c.pk, d.pk)].reasons == ["same email address"]
    # Both names lead to the organisation's review page, to compare them before merging.
    html = response.content.decode()
    for organisation in (a, b, c, d):
        assert f'href="{reverse("coordinate:review", args=[organisation.pk])}"' in html


def test_merge_moves_everything_to_the_survivor(client, coordinator, area, make_org):
    source = make_org(
        area,
        name="Muistiyhdistys",
        business_id="0000000-0",
        register_number="123.456",
        phone="+358401234567",
        status=Status.PUBLISHED,
    )
    target = make_org(area, name="Muistiyhdistys ry", status=Status.PUBLISHED, email="a@b.fi")
    source.municipalities.add(Municipality.objects.get(code="500"))
    both = make_user("both@example.com")
    only_source = make_user("source@example.com")
    Membership.objects.create(organisation=source, user=both, role=Membership.Role.ADMIN)
    Membership.objects.create(organisation=target, user=both, role=Membership.Role.EDITOR)
    Membership.objects.create(organisation=source, user=only_source)
    Invitation.objects.create(organisation=source, email="new@example.com", token="t1")
    AccessRequest.objects.create(organisation=source, user=make_user("asks@example.com"))
    version = organisation_record_version(organisation=source, user=coordinator, action="created")
    url = reverse("coordinate:merge", args=[source.pk, target.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert source.name in page.content.decode() and target.name in page.content.decode()

    response = client.post(url)

    assert response.status_code == 302
    source.refresh_from_db()
    target.refresh_from_db()
    assert source.merged_into == target
    assert source.status == Status.ARCHIVED
    assert "Muistiyhdistys ry" in source.archive_reason
    assert source.business_id == "" and source.register_number == ""
    assert target.business_id == "0000000-0" and target.register_number == "123.456"
    assert target.phone == "+358401234567"  # empty field filled
    assert target.email == "a@b.fi"  # kept
    assert {m.code for m in target.municipalities.all()} == {"179", "500"}
    roles = dict(Membership.objects.filter(organisation=target).values_list("user", "role"))
    assert roles == {both.pk: "admin", only_source.pk: "editor"}
    assert not Membership.objects.filter(organisation=source).exists()
    assert Invitation.objects.get(email="new@example.com").organisation == target
    assert AccessRequest.objects.get().organisation == target
    version.refresh_from_db()
    assert version.organisation == target
    assert OrganisationVersion.objects.filter(organisation=target, action="merged").exists()


def test_merge_hooks_run_inside_the_transaction(client, coordinator, area, monkeypatch, make_org):
    source = make_org(area, name="A ry")
    target = make_org(area, name="B ry")
    calls = []
    monkeypatch.setattr(merge, "MERGE_HOOKS", [lambda **kw: calls.append(kw)])

    client.post(reverse("coordinate:merge", args=[source.pk, target.pk]))

    assert calls and calls[0]["source"].pk == source.pk and calls[0]["target"].pk == target.pk


@pytest.mark.parametrize("failure", ["merge error", "crash"])
def test_a_failing_merge_hook_rolls_the_whole_merge_back(
    client, coordinator, area, monkeypatch, failure, make_org
):
    source = make_org(area, name="A ry", admin_email="a@example.com", business_id="0000000-0")
    target = make_org(area, name="B ry")
    Invitation.objects.create(organisation=source, email="new@example.com", token="t1")
    organisation_record_version(organisation=source, user=coordinator, action="created")
    versions = {o.pk: o.version for o in (source, target)}
    history = OrganisationVersion.objects.filter(organisation=source).count()

    def failing_hook(*, source, target, user) -> None:
        if failure == "merge error":
            raise merge.MergeError("The meeting places of A ry cannot be moved.")
        raise RuntimeError("a bug in another app")

    monkeypatch.setattr(merge, "MERGE_HOOKS", [failing_hook])
    client.raise_request_exception = False
    response = client.post(reverse("coordinate:merge", args=[source.pk, target.pk]))

    if failure == "merge error":  # the coordinator is told why, on the merge page
        assert response.status_code == 400
        assert "The meeting places of A ry cannot be moved." in response.content.decode()
    else:
        assert response.status_code == 500
    source.refresh_from_db()
    target.refresh_from_db()
    assert source.merged_into is None and source.status == Status.DRAFT
    assert source.business_id == "0000000-0" and target.business_id == ""
    assert {o.pk: o.version for o in (source, target)} == versions
    assert Membership.objects.get(user__email="a@example.com").organisation == source
    assert Invitation.objects.get(email="new@example.com").organisation == source
    assert OrganisationVersion.objects.filter(organisation=source).count() == history
    assert not OrganisationVersion.objects.filter(organisation=target).exists()


def test_merge_hooks_are_registered_once():
    def hook(*, source, target, user) -> None: ...

    try:
        assert merge.register_merge_hook(hook) is hook
        merge.register_merge_hook(hook)  # an AppConfig.ready() that runs again
        assert merge.MERGE_HOOKS.count(hook) == 1
    finally:
        merge.MERGE_HOOKS.remove(hook)


def test_merge_only_within_one_area(client, coordinator, area, make_org):
    source = make_org(area, name="A ry")
    target = make_org(WelfareArea.objects.get(slug="vantaa-kerava"), name="B ry")
    # The other organisation is outside the coordinator's area: 404.
    response = client.post(reverse("coordinate:merge", args=[source.pk, target.pk]))
    assert response.status_code == 404

    staff = make_user("staff@example.com", staff=True)
    from tests.personas import add_totp

    add_totp(staff)
    client.force_login(staff)
    response = client.post(reverse("coordinate:merge", args=[source.pk, target.pk]))
    assert response.status_code == 400
    source.refresh_from_db()
    assert source.merged_into is None


def test_merged_address_redirects_to_the_survivor(client, coordinator, area, make_org):
    source = make_org(area, name="A ry", status=Status.PUBLISHED)
    target = make_org(area, name="B ry", status=Status.PUBLISHED)
    client.post(reverse("coordinate:merge", args=[source.pk, target.pk]))
    source.refresh_from_db()
    assert source.merged_into_id == target.pk
    response = client.get(reverse("organisations:detail", kwargs={"slug": source.slug}))
    assert response.status_code == 301
    assert response["Location"].endswith(target.get_absolute_url())


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("Keuruun Muistiyhdistys ry", "Keuruun muistiyhdistys r.y.", True),
        ("Keuruun Muistiyhdistys ry", "Keuruun Muistiyhdistyss ry", True),
        ("Keuruun Muistiyhdistys", "Keuruun Muistiyhdistys Muistikki ry", True),
        # Branches of one national organisation in different places are different organisations.
        ("Tukiliiton Luhangan yhdistys ry", "Tukiliiton Vahangan yhdistys ry", False),
        ("Tukiliiton Kivijärven yhdistys ry", "Tukiliiton Kyyjärven yhdistys ry", False),
    ],
)
def test_names_that_may_mean_the_same_organisation(first, second, expected):
    from organisations.services.merge import names_may_mean_the_same

    assert names_may_mean_the_same(first, second) is expected
