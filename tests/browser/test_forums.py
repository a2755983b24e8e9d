"""Participation forums in the browser: a comment reported three times is hidden and a
moderator restores it, end to end; every forum page passes axe (WCAG 2.1 A/AA) with one <h1>;
the consultation page fits a phone."""

import pytest
from django.urls import reverse
from django.utils import translation

from forums import services
from forums.models import Channel, Comment, CommentStatus
from tests.browser.helpers import axe_check, log_in_with_session, no_sideways_scroll, page_problems
from tests.forums.factories import make_comment, make_consultation, make_forum
from tests.forums.test_permissions import (
    MATRIX,
    NOT_ALLOWED,
    NOT_ALLOWED_SIGNED_IN,
    build_world,
)
from tests.personas import make_coordinator, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def address(live_server, name, **kwargs) -> str:
    with translation.override("fi"):
        return live_server.url + reverse(name, kwargs=kwargs or None)


def as_user(page, live_server, user) -> None:
    page.context.clear_cookies()
    if user is not None:
        log_in_with_session(page, live_server, user)


def test_comment_reported_three_times_is_hidden_and_restored(page, live_server):
    forum = make_forum()
    consultation = make_consultation(forum, sections=1)
    author = make_user("kirjoittaja@example.com")
    author.display_name = "Aino Esimerkki"
    author.save()
    reporters = [make_user(f"lukija{number}@example.com") for number in range(3)]
    coordinator = make_coordinator("koordinaattori@example.com")
    consultation_url = address(live_server, "forums:consultation", pk=consultation.pk)

    as_user(page, live_server, author)
    page.goto(consultation_url)
    form = page.locator(f"#section-{consultation.sections.get().pk} > form.comment-form")
    form.locator("textarea").fill("Tilojen varaaminen on liian vaikeaa.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    comment = Comment.objects.get()
    article = page.locator(f"#comment-{comment.pk}")
    assert "Tilojen varaaminen on liian vaikeaa." in article.inner_text()
    axe_check(page)

    for reporter in reporters:
        as_user(page, live_server, reporter)
        page.goto(consultation_url)
        article = page.locator(f"#comment-{comment.pk}")
        article.locator("details.comment__report summary").click()
        article.locator("details.comment__report input[name=reason]").fill("Asiaton")
        with page.expect_navigation():
            article.locator("details.comment__report button[type=submit]").click()

    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    article = page.locator(f"#comment-{comment.pk}")
    assert article.locator(".comment__hidden").is_visible()
    assert "Tilojen varaaminen" not in article.inner_text()
    axe_check(page)

    as_user(page, live_server, coordinator)
    page.goto(address(live_server, "forums:moderation", pk=consultation.pk))
    item = page.locator(f"#queue-{comment.pk}")
    assert "Tilojen varaaminen on liian vaikeaa." in item.inner_text()
    axe_check(page)
    with page.expect_navigation():
        item.locator("form:has(input[value=restore]) button").click()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE

    as_user(page, live_server, None)
    page.goto(consultation_url)
    article = page.locator(f"#comment-{comment.pk}")
    assert "Tilojen varaaminen on liian vaikeaa." in article.inner_text()
    assert article.locator(".comment__hidden").count() == 0


def forum_pages():
    for name, variants in MATRIX.items():
        for variant, case in variants.items():
            if case.GET in (NOT_ALLOWED, NOT_ALLOWED_SIGNED_IN) or name == "forums:export":
                continue
            visitor = next(
                persona for persona in ("anonymous", "coordinator") if "ok" in case.GET[persona]
            )
            yield name, variant, visitor


@pytest.fixture
def world(reference_data):
    """The matrix's world (tests/forums/test_permissions.py), committed for the live server."""
    return build_world()


def test_every_forum_page_passes_axe(page, live_server, world):
    w = world
    # Something on every part of the pages: a thread, an offline entry, a hidden and a pending
    # comment, a report, and a published summary on a closed consultation.
    reply = make_comment(w.consultation, w.users["resident"], "Vastaus", parent=w.comment)
    services.offline_comment_create(
        consultation=w.consultation,
        section=w.section,
        entered_by=w.users["coordinator"],
        body="Puhelimessa annettu palaute.",
        channel=Channel.PHONE,
    )
    services.report_create(comment=w.comment, user=w.users["other_resident"], reason="Asiaton")
    services.comment_hide(comment=reply, actor=w.users["coordinator"], reason="Henkilöön käyvä")
    make_comment(w.consultation, w.users["other_resident"], "Odottaa", status="pending")
    closed = make_consultation(w.forum, title_fi="Suljettu kuuleminen")
    make_comment(closed, w.users["author"], "Vanha kommentti")
    services.consultation_close(
        consultation=closed,
        actor=w.users["coordinator"],
        summary={"fi": "Te sanoitte, me teimme.", "sv": "", "en": ""},
        links=[services.LinkData(title="Muistio", url="https://example.com/muistio")],
    )

    problems, scanned, current = [], [], object()
    for name, variant, visitor in forum_pages():
        if visitor != current:
            as_user(page, live_server, w.users[visitor])
            current = visitor
        case = MATRIX[name][variant]
        with translation.override("fi"):
            url = live_server.url + reverse(name, kwargs=case.kwargs(w))
        page.goto(url)
        scanned.append(f"{name}[{variant}] as {visitor}")
        problems += [f"{name}[{variant}]: {p}" for p in page_problems(page)]
    # The closed consultation, and a comment form with errors (signed in).
    as_user(page, live_server, w.users["resident"])
    page.goto(address(live_server, "forums:consultation", pk=closed.pk))
    problems += [f"closed consultation: {p}" for p in page_problems(page)]
    page.goto(address(live_server, "forums:consultation", pk=w.consultation.pk))
    problems += [f"consultation as a resident: {p}" for p in page_problems(page)]
    form = page.locator(f"#section-{w.section.pk} > form.comment-form")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(".error-summary").count() == 1
    problems += [f"comment form with errors: {p}" for p in page_problems(page)]
    assert len(scanned) >= 15, scanned
    assert not problems, "\n".join(problems)


def test_consultation_page_fits_a_phone(mobile_page, live_server):
    consultation = make_consultation(make_forum(), sections=2)
    author = make_user("kirjoittaja@example.com")
    comment = make_comment(
        consultation, author, "Pitkä osoite https://example.com/" + "hyvin-pitka-polku/" * 8
    )
    make_comment(consultation, make_user("toinen@example.com"), "Vastaus", parent=comment)
    log_in_with_session(mobile_page, live_server, make_user("lukija@example.com"))
    mobile_page.goto(address(live_server, "forums:consultation", pk=consultation.pk))
    no_sideways_scroll(mobile_page)
    axe_check(mobile_page)


def test_summary_links_a_decision_and_the_minutes_link_back(page, live_server, tmp_path, settings):
    from tests.bodies.conftest import build_world

    settings.BODIES_ATTACHMENT_ROOT = tmp_path / "attachments"
    bodies = build_world(settings.BODIES_ATTACHMENT_ROOT)
    consultation = make_consultation(make_forum(), title_fi="Järjestöyhteistyön malli")
    log_in_with_session(page, live_server, make_coordinator("k@example.com"))
    page.goto(address(live_server, "forums:close", pk=consultation.pk))
    axe_check(page)
    page.get_by_label("Yhteenveto suomeksi", exact=False).fill("Te sanoitte, me teimme.")
    page.locator("select[name=decisions]").select_option(str(bodies.published_item.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Julkaise yhteenveto ja sulje").click()
    decision = page.locator(".outcome-links a").first
    assert "Yhdistysten avustukset" in decision.inner_text()
    axe_check(page)
    with page.expect_navigation():
        decision.click()
    feedback = page.locator(".forum-feedback a")
    assert feedback.inner_text() == "Järjestöyhteistyön malli"
    axe_check(page)


def test_coordinator_moderates_replies_and_adds_the_draft_from_the_dashboard(
    page, live_server, tmp_path, settings
):
    """From the coordinator's dashboard: a waiting comment is approved, answered officially,
    and the draft document is added as an image beside the sections; axe on every page."""
    import io

    from PIL import Image

    settings.BODIES_ATTACHMENT_ROOT = tmp_path / "attachments"
    consultation = make_consultation(
        make_forum(), sections=1, pre_moderation=True, title_fi="Hyvinvointisuunnitelma"
    )
    comment = make_comment(
        consultation, make_user("asukas@example.com"), "Lisää iltaryhmiä.", status="pending"
    )
    coordinator = make_coordinator("koordinaattori@example.com")
    as_user(page, live_server, coordinator)

    page.goto(address(live_server, "coordinate:dashboard"))
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Hyvinvointisuunnitelma").click()
    axe_check(page)
    with page.expect_navigation():
        page.locator(f"#queue-{comment.pk}").get_by_role("button", name="Hyväksy").click()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE

    page.goto(address(live_server, "forums:consultation", pk=consultation.pk))
    with page.expect_navigation():
        page.locator(f"#comment-{comment.pk}").get_by_role(
            "link", name="Kirjoita virallinen vastaus"
        ).click()
    axe_check(page)
    page.get_by_label("Hyvinvointialueen virallinen vastaus").fill("Iltaryhmiä lisätään syksyllä.")
    with page.expect_navigation():
        page.get_by_role("button", name="Julkaise vastaus").click()
    reply = page.locator(f"#comment-{comment.pk} .comment__official-reply")
    assert "Iltaryhmiä lisätään syksyllä." in reply.inner_text()
    axe_check(page)

    page.get_by_role("link", name="Luonnosasiakirjan tiedostot").click()
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    page.get_by_label("Otsikko").fill("Palvelukartta")
    page.get_by_label("Tiedosto").set_input_files(
        files=[{"name": "kartta.png", "mimeType": "image/png", "buffer": buffer.getvalue()}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Lisää tiedosto").click()
    axe_check(page)
    page.get_by_role("link", name=consultation.title_fi).first.click()
    image = page.get_by_role("img", name="Palvelukartta")
    image.scroll_into_view_if_needed()
    # The image loads after the page: wait until it has (a broken one never does).
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    assert image.evaluate("img => img.naturalWidth") == 40  # served, and shown in the page
    axe_check(page)
