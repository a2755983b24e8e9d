"""Partnership bodies in the browser: the minutes workflow end to end (the secretary drafts, an
attending member comments, the chair approves and publishes, a correction becomes a visible new
version), and axe-core on every page of bodies/ (some on a 360 px phone)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bodies.models import AgendaItem, Meeting
from tests.bodies.conftest import build_world
from tests.bodies.files import pdf
from tests.browser.helpers import (
    axe_check,
    log_in_with_session,
    no_sideways_scroll,
    page_problems,
    url,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def world(reference_data, live_server, tmp_path, settings):
    settings.BODIES_ATTACHMENT_ROOT = tmp_path / "attachments"
    return build_world(settings.BODIES_ATTACHMENT_ROOT)


def as_user(browser, live_server, user, viewport=None):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    if user is not None:
        log_in_with_session(page, live_server, user)
    return page


def submit(page, action: str) -> None:
    """Press the submit button of the form posting to `action` and wait for the next page."""
    with page.expect_navigation():
        page.locator(f"form[action='{action}'] button[type=submit]").first.click()


def test_minutes_workflow_end_to_end(browser, live_server, world):
    meeting = Meeting.objects.create(
        body=world.body, starts_at=timezone.now() - timedelta(days=1), place="Kokoushuone 3"
    )
    meeting.attendees.set([world.chair, world.secretary, world.member])
    item = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Vapaaehtoistoiminnan koulutus"
    )
    minutes_url = url(live_server, "bodies:minutes", pk=meeting.pk)
    minutes_path = minutes_url.removeprefix(live_server.url)

    # The secretary writes the minutes of the item and sends them for review.
    secretary = as_user(browser, live_server, world.users["secretary"])
    secretary.goto(url(live_server, "bodies:item-edit", pk=item.pk))
    axe_check(secretary)
    secretary.fill("#id_minutes-discussion", "Koulutuksesta keskusteltiin vilkkaasti.")
    secretary.fill("#id_minutes-decision", "Koulutus järjestetään keväällä.")
    secretary.select_option("#id_minutes-outcome", "approved")
    with secretary.expect_navigation():
        secretary.locator("form[method=post]:not([action]) button[type=submit]").first.click()
    secretary.goto(minutes_url)
    axe_check(secretary)
    secretary.fill("#id_review_days", "5")
    submit(secretary, f"{minutes_path}submit/")
    assert "notice--success" in secretary.content()

    # An attending member comments while the window is open.
    member = as_user(browser, live_server, world.users["member"])
    member.goto(minutes_url)
    member.fill("#id_text", "Lisätkää koulutuksen ajankohta.")
    submit(member, f"{minutes_path}comment/")
    assert "Lisätkää koulutuksen ajankohta." in member.content()
    axe_check(member)

    # The public does not see the draft.
    public = as_user(browser, live_server, None)
    response = public.goto(url(live_server, "bodies:meeting", pk=meeting.pk))
    assert response.status == 404

    # The chair approves: the minutes are published.
    chair = as_user(browser, live_server, world.users["chair"])
    chair.goto(minutes_url)
    assert "Lisätkää koulutuksen ajankohta." in chair.content()
    submit(chair, f"{minutes_path}approve/")
    assert chair.url.endswith(f"/meetings/{meeting.pk}/")
    axe_check(chair)

    public.goto(url(live_server, "bodies:meeting", pk=meeting.pk))
    assert "Koulutus järjestetään keväällä." in public.content()
    axe_check(public)

    # A correction: the published text stays until the chair approves the new version.
    secretary.goto(minutes_url)
    submit(secretary, f"{minutes_path}correct/")
    secretary.goto(url(live_server, "bodies:item-edit", pk=item.pk))
    secretary.fill("#id_minutes-decision", "Koulutus järjestetään syksyllä.")
    with secretary.expect_navigation():
        secretary.locator("form[method=post]:not([action]) button[type=submit]").first.click()
    public.reload()
    assert "Koulutus järjestetään keväällä." in public.content()
    assert "syksyllä" not in public.content()

    secretary.goto(minutes_url)
    submit(secretary, f"{minutes_path}submit/")  # without the note: refused, next to the field
    assert secretary.locator(".error-summary").is_visible()
    axe_check(secretary)
    secretary.fill("#id_note", "Koulutuksen ajankohta korjattiin.")
    submit(secretary, f"{minutes_path}submit/")
    chair.goto(minutes_url)
    submit(chair, f"{minutes_path}approve/")

    public.reload()
    html = public.content()
    assert "Koulutus järjestetään syksyllä." in html
    assert "Koulutuksen ajankohta korjattiin." in html
    axe_check(public)
    public.goto(url(live_server, "bodies:meeting-print", pk=meeting.pk))
    assert "Koulutuksen ajankohta korjattiin." in public.content()
    axe_check(public)


def test_the_secretary_organises_a_meeting_from_the_home_page(
    browser, live_server, world, mailoutbox
):
    """Issue 16.19: from the home page to a published agenda, without typing an address."""
    secretary = as_user(browser, live_server, world.users["secretary"])
    secretary.goto(f"{live_server.url}/fi/")
    with secretary.expect_navigation():
        secretary.get_by_role("link", name="Yhteistyöelimet").first.click()
    with secretary.expect_navigation():
        secretary.get_by_role("link", name="Kumppanuuspöytä").first.click()
    axe_check(secretary)
    with secretary.expect_navigation():
        secretary.get_by_role("link", name="Uusi kokous").click()
    axe_check(secretary)
    starts = timezone.localtime(timezone.now() + timedelta(days=21)).replace(hour=13, minute=0)
    secretary.fill("#id_starts_at", f"{starts:%Y-%m-%dT%H:%M}")
    secretary.fill("#id_place", "Kokoushuone Kuusi")
    with secretary.expect_navigation():
        secretary.locator("main form button[type=submit]").click()
    meeting = Meeting.objects.get(place="Kokoushuone Kuusi")
    assert secretary.url.endswith(f"/meetings/{meeting.pk}/")
    with secretary.expect_navigation():
        secretary.get_by_role("link", name="Muokkaa kokousta ja julkaise esityslista").click()
    axe_check(secretary)
    with secretary.expect_navigation():
        secretary.get_by_role("button", name="Julkaise esityslista").click()
    assert "Kokouskutsu lähetettiin" in secretary.content()
    meeting.refresh_from_db()
    assert meeting.agenda_is_public
    # The body's page lists it among the coming meetings, after the sooner one.
    with secretary.expect_navigation():
        secretary.get_by_role("link", name="Kumppanuuspöytä").first.click()
    coming = secretary.locator("h3:has-text('Tulevat kokoukset') + ul li").all_inner_texts()
    sooner = timezone.localtime(world.upcoming.starts_at)
    assert [text.split()[0] for text in coming] == [f"{sooner:%-d.%-m.%Y}", f"{starts:%-d.%-m.%Y}"]
    axe_check(secretary)


def test_every_page_of_the_bodies_passes_axe(browser, live_server, world):
    w = world
    problems: dict[str, list[str]] = {}

    def note(label, page):
        found = page_problems(page)
        if found:
            problems[label] = found

    def check(page, name, **kwargs):
        target = url(live_server, name, **kwargs)
        response = page.goto(target)
        assert response.status == 200, f"{target}: {response.status}"
        note(target, page)

    public = as_user(browser, live_server, None)
    for name, kwargs in [
        ("bodies:list", {}),
        ("bodies:actions", {}),
        ("bodies:body", {"slug": w.body.slug}),
        ("bodies:meeting", {"pk": w.published.pk}),
        ("bodies:meeting", {"pk": w.upcoming.pk}),
        ("bodies:meeting-print", {"pk": w.published.pk}),
        ("bodies:meeting-print", {"pk": w.upcoming.pk}),
        ("bodies:archive", {}),
    ]:
        check(public, name, **kwargs)
    public.goto(url(live_server, "bodies:archive") + "?q=avustuksia")
    assert "Yhdistysten avustukset" in public.content()
    note("archive search", public)

    coordinator = as_user(browser, live_server, w.users["coordinator"])
    for name, kwargs in [
        ("bodies:body-create", {}),
        ("bodies:body-edit", {"slug": w.body.slug}),
        ("bodies:member-add", {"slug": w.body.slug}),
        ("bodies:member-edit", {"slug": w.body.slug, "pk": w.member.pk}),
        ("bodies:meeting-create", {"slug": w.body.slug}),
    ]:
        check(coordinator, name, **kwargs)
    # A form with errors: the summary and the errors next to the fields.
    coordinator.goto(url(live_server, "bodies:meeting-create", slug=w.body.slug))
    coordinator.fill("#id_online_url", "ei osoite")
    with coordinator.expect_navigation():
        coordinator.locator("main form button[type=submit]").click()
    assert coordinator.locator(".error-summary").is_visible()
    assert coordinator.input_value("#id_online_url") == "ei osoite"
    note("meeting form errors", coordinator)

    secretary = as_user(browser, live_server, w.users["secretary"])
    for name, kwargs in [
        ("bodies:meeting", {"pk": w.draft.pk}),
        ("bodies:meeting-edit", {"pk": w.draft.pk}),
        ("bodies:attendance", {"pk": w.draft.pk}),
        ("bodies:item-create", {"pk": w.draft.pk}),
        ("bodies:item-edit", {"pk": w.draft_item.pk}),
        ("bodies:attachment-upload", {"pk": w.draft_item.pk}),
        ("bodies:action-create", {"pk": w.draft_item.pk}),
        ("bodies:action-status", {"pk": w.draft_action.pk}),
        ("bodies:minutes", {"pk": w.draft.pk}),
        ("bodies:minutes", {"pk": w.published.pk}),
        ("bodies:attachment-edit", {"pk": w.draft_attachment.pk}),
        ("bodies:attachment-delete", {"pk": w.draft_attachment.pk}),
    ]:
        check(secretary, name, **kwargs)
    # The minutes page with a checker and an edit made during the review (a diff).
    w.draft.checkers.set([w.member])
    secretary.goto(url(live_server, "bodies:item-edit", pk=w.draft_item.pk))
    secretary.fill("#id_minutes-decision", "Muutettu päätös katselmoinnin aikana.")
    with secretary.expect_navigation():
        secretary.locator("form[method=post]:not([action]) button[type=submit]").first.click()
    check(secretary, "bodies:minutes", pk=w.draft.pk)
    assert secretary.locator("ins").count() >= 1
    # An untagged PDF: accepted, with the accessibility warning.
    secretary.goto(url(live_server, "bodies:item-edit", pk=w.draft_item.pk))
    secretary.set_input_files(
        "#id_file",
        files=[
            {"name": "skannattu.pdf", "mimeType": "application/pdf", "buffer": pdf(tagged=False)}
        ],
    )
    with secretary.expect_navigation():
        secretary.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    assert secretary.locator(".notice--warning").count() >= 1
    note("upload warning", secretary)

    phone = as_user(browser, live_server, w.users["member"], viewport=PHONE)
    for name, kwargs in [
        ("bodies:meeting", {"pk": w.published.pk}),
        ("bodies:minutes", {"pk": w.draft.pk}),
        ("bodies:archive", {}),
        ("bodies:actions", {}),
    ]:
        check(phone, name, **kwargs)
        no_sideways_scroll(phone)

    assert not problems, "\n".join(f"{k}:\n" + "\n".join(v) for k, v in problems.items())
