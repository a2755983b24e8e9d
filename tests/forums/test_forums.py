"""What residents, coordinators and moderators rely on in the participation forums."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.services import user_delete, user_export_data
from forums import services
from forums.models import (
    Agreement,
    Channel,
    Comment,
    CommentStatus,
    ModerationLog,
    Report,
)
from tests.forums.factories import make_comment, make_consultation, make_forum
from tests.personas import make_coordinator, make_user

pytestmark = pytest.mark.django_db


def consultation_url(consultation) -> str:
    return reverse("forums:consultation", kwargs={"pk": consultation.pk})


def post_comment(client, consultation, section, body, **extra):
    data = {"section": section.pk, f"s{section.pk}-body": body}
    data.update({f"s{section.pk}-{key}": value for key, value in extra.items()})
    return client.post(reverse("forums:comment", kwargs={"pk": consultation.pk}), data)


# Reading


def test_anyone_reads_forums_and_consultations(client, consultation, resident):
    make_comment(consultation, resident, "Kirjastoihin paperilomakkeita.")
    assert client.get(reverse("forums:list")).status_code == 200
    page = client.get(reverse("forums:forum", kwargs={"slug": consultation.forum.slug}))
    assert consultation.title_fi in page.content.decode()
    page = client.get(consultation_url(consultation)).content.decode()
    assert "Kirjastoihin paperilomakkeita." in page
    assert "Osion 1 teksti." in page
    assert "asukas@example.com" not in page  # never an e-mail address to the public


def test_unpublished_forum_is_only_for_its_coordinators(client, db):
    forum = make_forum(is_published=False)
    consultation = make_consultation(forum)
    assert client.get(reverse("forums:forum", kwargs={"slug": forum.slug})).status_code == 404
    assert client.get(consultation_url(consultation)).status_code == 404
    client.force_login(make_coordinator("k@example.com"))
    assert client.get(consultation_url(consultation)).status_code == 200


# Commenting


def test_signed_in_resident_comments_and_replies(client, consultation, section, resident):
    resident.display_name = "Aino"
    resident.save()
    client.force_login(resident)
    response = post_comment(client, consultation, section, "Hyvä alku.")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.author == resident and comment.status == CommentStatus.VISIBLE
    reply_data = {"section": section.pk, "parent": comment.pk, f"c{comment.pk}-body": "Kiitos!"}
    client.post(reverse("forums:comment", kwargs={"pk": consultation.pk}), reply_data)
    reply = Comment.objects.get(parent=comment)
    # A reply to a reply joins the same thread.
    reply_data = {"section": section.pk, "parent": reply.pk, f"c{comment.pk}-body": "Ja vielä"}
    client.post(reverse("forums:comment", kwargs={"pk": consultation.pk}), reply_data)
    assert Comment.objects.filter(parent=comment).count() == 2
    page = client.get(consultation_url(consultation)).content.decode()
    assert "Aino" in page and "Ja vielä" in page


def test_anonymous_comment_hides_the_name_from_the_public_not_from_moderators(
    client, consultation, section, resident
):
    resident.display_name = "Aino Tunnettu"
    resident.save()
    client.force_login(resident)
    post_comment(client, consultation, section, "Nimetön ajatus.", is_anonymous="on")
    client.logout()
    with translation.override("en"):
        page = client.get("/en" + consultation_url(consultation)[3:]).content.decode()
    assert "Nimetön ajatus." in page and "Aino Tunnettu" not in page
    assert "Anonymous participant" in page
    client.force_login(make_coordinator("k@example.com"))
    page = client.get("/en" + consultation_url(consultation)[3:]).content.decode()
    assert "Aino Tunnettu" in page and "asukas@example.com" in page


def test_anonymous_visitor_cannot_comment(client, consultation, section):
    response = post_comment(client, consultation, section, "Hei")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_closed_consultation_refuses_politely_and_keeps_the_text(
    client, consultation, section, resident, english_pages
):
    client.force_login(resident)
    page = client.get(consultation_url(consultation))
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.save()
    assert page.status_code == 200
    typed = "Pitkä ja huolella mietitty kommentti <jota ei saa hukata>"
    response = post_comment(client, consultation, section, typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert "not open for comments now" in html
    assert "Pitkä ja huolella mietitty kommentti &lt;jota ei saa hukata&gt;" in html
    assert f'id="id_s{section.pk}-body"' in html
    assert not Comment.objects.exists()


def test_empty_comment_gets_an_error_next_to_the_field(client, consultation, section, resident):
    client.force_login(resident)
    response = post_comment(client, consultation, section, "   ")
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Comment.objects.exists()


def test_honeypot_saves_nothing(client, consultation, section, resident):
    client.force_login(resident)
    response = post_comment(client, consultation, section, "Osta halpaa", website="spam.example")
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_comments_are_rate_limited_per_user(client, consultation, section, resident):
    client.force_login(resident)
    for number in range(10):
        assert post_comment(client, consultation, section, f"Kommentti {number}").status_code == 302
    assert post_comment(client, consultation, section, "Yksi liikaa").status_code == 429
    assert Comment.objects.count() == 10


def test_comments_are_rate_limited_per_address(client, consultation, section):
    for number in range(30):
        client.force_login(make_user(f"u{number}@example.com"))
        assert post_comment(client, consultation, section, "Hei").status_code == 302
    client.force_login(make_user("viimeinen@example.com"))
    assert post_comment(client, consultation, section, "Hei").status_code == 429


def test_i_agree_is_one_per_person_and_toggles(client, consultation, resident):
    comment = make_comment(consultation, make_user("kirjoittaja@example.com"))
    client.force_login(resident)
    url = reverse("forums:agree", kwargs={"pk": comment.pk})
    client.post(url)
    assert Agreement.objects.filter(comment=comment).count() == 1
    page = client.get(consultation_url(consultation)).content.decode()
    assert 'aria-pressed="true"' in page
    client.post(url)
    assert not Agreement.objects.exists()


# Reports and moderation


def test_three_distinct_reports_hide_until_a_moderator_restores(client, consultation):
    author = make_user("kirjoittaja@example.com")
    comment = make_comment(consultation, author, "Kiistanalainen kommentti")
    reporters = [make_user(f"r{number}@example.com") for number in range(4)]
    url = reverse("forums:report", kwargs={"pk": comment.pk})
    client.force_login(reporters[0])
    client.post(url, {"reason": "asiaton"})
    client.post(url, {"reason": "asiaton"})  # the same person counts once
    assert Report.objects.count() == 1
    client.force_login(reporters[1])
    client.post(url)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE
    client.force_login(reporters[2])
    client.post(url)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN and comment.hidden_by_reports
    page = client.get(consultation_url(consultation)).content.decode()
    assert "Kiistanalainen kommentti" not in page
    coordinator = make_coordinator("k@example.com")
    client.force_login(coordinator)
    queue = client.get(reverse("forums:moderation", kwargs={"pk": consultation.pk}))
    assert "Kiistanalainen kommentti" in queue.content.decode()
    client.post(reverse("forums:moderate", kwargs={"pk": comment.pk}), {"action": "restore"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE
    # A moderator has decided: a fourth report does not hide it again.
    client.force_login(reporters[3])
    client.post(url)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE
    actions = list(ModerationLog.objects.values_list("action", flat=True).order_by("pk"))
    assert actions == ["report", "report", "report", "auto_hide", "restore", "report"]


def test_moderator_hides_with_a_reason_and_the_author_is_told_in_their_language(
    client, consultation, django_capture_on_commit_callbacks
):
    author = make_user("kirjoittaja@example.com", language="sv")
    comment = make_comment(consultation, author, "Huono kommentti")
    client.force_login(make_coordinator("k@example.com"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("forums:moderate", kwargs={"pk": comment.pk}),
            {"action": "hide", "reason": "Henkilöön käyvä"},
        )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    page = client.get(consultation_url(consultation)).content.decode()
    assert "Henkilöön käyvä" in page
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kirjoittaja@example.com"]
    assert "/sv/forums/" in mail.outbox[0].body
    log = ModerationLog.objects.get(action="hide")
    assert log.reason == "Henkilöön käyvä" and log.actor.email == "k@example.com"


def test_hiding_needs_a_reason(client, consultation):
    comment = make_comment(consultation, make_user("a@example.com"))
    client.force_login(make_coordinator("k@example.com"))
    client.post(reverse("forums:moderate", kwargs={"pk": comment.pk}), {"action": "hide"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE


def test_pre_moderation_shows_a_comment_after_approval(client, forum, resident):
    consultation = make_consultation(forum, pre_moderation=True)
    section = consultation.sections.first()
    client.force_login(resident)
    post_comment(client, consultation, section, "Odottava kommentti")
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert "Odottava kommentti" in client.get(consultation_url(consultation)).content.decode()
    client.force_login(make_user("toinen@example.com"))
    assert "Odottava kommentti" not in client.get(consultation_url(consultation)).content.decode()
    # Nobody can agree with or report a comment they cannot see.
    assert client.post(reverse("forums:agree", kwargs={"pk": comment.pk})).status_code == 404
    client.force_login(make_coordinator("k@example.com"))
    client.post(reverse("forums:moderate", kwargs={"pk": comment.pk}), {"action": "approve"})
    client.force_login(make_user("kolmas@example.com"))
    assert "Odottava kommentti" in client.get(consultation_url(consultation)).content.decode()


def test_named_moderator_moderates_but_does_not_export(client, consultation):
    from tests.personas import add_totp

    moderator = make_user("moderaattori@example.com")
    add_totp(moderator)
    consultation.moderators.add(moderator)
    comment = make_comment(consultation, make_user("a@example.com"))
    client.force_login(moderator)
    assert (
        client.get(reverse("forums:moderation", kwargs={"pk": consultation.pk})).status_code == 200
    )
    client.post(
        reverse("forums:moderate", kwargs={"pk": comment.pk}), {"action": "hide", "reason": "x"}
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    export = reverse("forums:export", kwargs={"pk": consultation.pk, "fmt": "csv"})
    assert client.get(export).status_code == 403


# Offline feedback


def test_coordinator_enters_offline_feedback_marked_as_such(
    client, consultation, section, english_pages
):
    coordinator = make_coordinator("k@example.com")
    client.force_login(coordinator)
    response = client.post(
        reverse("forums:offline_entry", kwargs={"pk": consultation.pk}),
        {
            "section": section.pk,
            "channel": "phone",
            "body": "Soittaja toivoi paperilomaketta.",
            "name": "Pirkko",
            "contact": "040 123 4567",
            "email": "pirkko@example.com",
            "received_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.channel == Channel.PHONE and comment.entered_by == coordinator
    assert comment.received_on == timezone.localdate() - timedelta(days=2)
    client.logout()
    page = client.get("/en" + consultation_url(consultation)[3:]).content.decode()
    assert "Soittaja toivoi paperilomaketta." in page
    assert "Participant (feedback given by phone)" in page
    assert "Pirkko" not in page and "040 123 4567" not in page
    assert ModerationLog.objects.filter(action="offline", comment=comment).exists()


# Closing: you said, we did


def test_closing_tells_every_participant_once(
    client, consultation, section, django_capture_on_commit_callbacks, english_pages
):
    first = make_user("eka@example.com")
    anonymous = make_user("anon@example.com")
    make_comment(consultation, first, "Yksi")
    make_comment(consultation, first, "Kaksi")
    make_comment(consultation, anonymous, "Nimetön", is_anonymous=True)
    services.offline_comment_create(
        consultation=consultation,
        section=section,
        entered_by=None,
        body="Paperilla",
        channel=Channel.PAPER,
        email="paperi@example.com",
    )
    services.offline_comment_create(
        consultation=consultation,
        section=section,
        entered_by=None,
        body="Puhelimessa, ei osoitetta",
        channel=Channel.PHONE,
    )
    client.force_login(make_coordinator("k@example.com"))
    url = reverse("forums:close", kwargs={"pk": consultation.pk})
    data = {
        "summary_fi": "Te sanoitte, me teimme.",
        "links": "Muistio 12.9. | https://example.com/muistio\nPäätös | https://example.com/paatos",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anon@example.com",
        "eka@example.com",
        "paperi@example.com",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**data, "summary_fi": "Päivitetty yhteenveto."})
    assert len(mail.outbox) == 3
    consultation.refresh_from_db()
    assert consultation.state() == "closed"
    page = client.get(consultation_url(consultation)).content.decode()
    assert "Päivitetty yhteenveto." in page and "https://example.com/paatos" in page
    client.force_login(make_user("myohassa@example.com"))
    assert post_comment(client, consultation, section, "Myöhässä").status_code == 400


def test_bad_link_line_is_refused_next_to_the_field(client, consultation, english_pages):
    client.force_login(make_coordinator("k@example.com"))
    response = client.post(
        reverse("forums:close", kwargs={"pk": consultation.pk}),
        {"summary_fi": "Yhteenveto", "links": "Muistio | javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert "Line 1: the address must start with https://" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.closed_at is None


# Export


def test_csv_export_guards_against_formulas(client, consultation, english_pages):
    make_comment(consultation, make_user("a@example.com"), '=HYPERLINK("http://evil")')
    make_comment(consultation, make_user("b@example.com"), "@SUM(1)")
    client.force_login(make_coordinator("k@example.com"))
    response = client.get(reverse("forums:export", kwargs={"pk": consultation.pk, "fmt": "csv"}))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    bodies = [row[8] for row in rows[1:]]
    assert bodies == ['\'=HYPERLINK("http://evil")', "'@SUM(1)"]


def test_xlsx_export_holds_every_comment_as_text(client, consultation):
    from openpyxl import load_workbook

    make_comment(consultation, make_user("a@example.com"), "-1+1")
    make_comment(consultation, make_user("b@example.com"), "Tavallinen")
    client.force_login(make_coordinator("k@example.com"))
    response = client.get(reverse("forums:export", kwargs={"pk": consultation.pk, "fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row[8] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == ["'-1+1", "Tavallinen"]
    assert (
        client.get(
            reverse("forums:export", kwargs={"pk": consultation.pk, "fmt": "html"})
        ).status_code
        == 404
    )


# Personal data


def test_deleted_account_leaves_its_comments_as_deleted_user(client, consultation, english_pages):
    author = make_user("poistuva@example.com")
    author.display_name = "Poistuva Henkilö"
    author.save()
    comment = make_comment(consultation, author, "Jää talteen")
    Agreement.objects.create(comment=comment, user=author)
    data = user_export_data(user=author)
    assert data["forums"]["comments"][0]["text"] == "Jää talteen"
    user_delete(user=author)
    comment.refresh_from_db()
    assert comment.author is None
    page = client.get("/en" + consultation_url(consultation)[3:]).content.decode()
    assert "Deleted user" in page and "Poistuva Henkilö" not in page
    assert not Agreement.objects.exists()


# Sign-up


def test_sign_up_for_a_forum_and_cancel(client, forum, resident):
    client.force_login(resident)
    url = reverse("forums:signup", kwargs={"slug": forum.slug})
    client.post(url)
    assert forum.signups.filter(user=resident).exists()
    client.post(url)
    assert not forum.signups.exists()


# Query counts


@pytest.mark.parametrize("persona", ["anonymous", "resident", "coordinator"])
def test_consultation_page_queries_do_not_grow_with_comments(client, consultation, persona):
    users = [make_user(f"u{number}@example.com") for number in range(6)]
    if persona == "resident":
        client.force_login(users[0])
    elif persona == "coordinator":
        client.force_login(make_coordinator("k@example.com"))

    def add(count):
        for number in range(count):
            comment = make_comment(consultation, users[number % 6], f"Kommentti {number}")
            make_comment(consultation, users[(number + 1) % 6], "Vastaus", parent=comment)
            Agreement.objects.create(comment=comment, user=users[(number + 2) % 6])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(consultation_url(consultation)).status_code == 200
        return len(queries)

    count_queries()  # the first request of a session records it (allauth usersessions)
    add(2)
    few = count_queries()
    add(40)
    many = count_queries()
    assert few == many
    # session and user (and allauth's session record), then the consultation, the area's
    # coordinators and TOTP, named moderators, sections, comments, draft document files,
    # outcome links
    assert many == {"anonymous": 5, "resident": 14, "coordinator": 14}[persona]


def test_forum_list_and_dashboard_queries_are_constant(client, db):
    def count_queries(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.force_login(make_coordinator("k@example.com"))
    make_consultation(make_forum(slug="f0"))
    count_queries(reverse("forums:list"))  # the first request of a session records it
    counts_few = (count_queries(reverse("forums:list")), count_queries(reverse("forums:manage")))
    for number in range(1, 8):
        make_consultation(make_forum(slug=f"f{number}"))
    counts_many = (count_queries(reverse("forums:list")), count_queries(reverse("forums:manage")))
    assert counts_few == counts_many


def test_coordinator_names_moderators_by_e_mail(client, consultation, english_pages):
    moderator = make_user("moderaattori@example.com")
    client.force_login(make_coordinator("k@example.com"))
    url = reverse("forums:consultation_edit", kwargs={"pk": consultation.pk})
    form = client.get(url).context["form"]
    data = {
        name: form.initial.get(name, getattr(consultation, name, ""))
        for name in ("title_fi", "title_sv", "title_en", "intro_fi", "intro_sv", "intro_en")
    }
    data |= {
        "opens_at": timezone.localtime(consultation.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": timezone.localtime(consultation.closes_at).strftime("%Y-%m-%dT%H:%M"),
        "is_published": "on",
    }
    response = client.post(url, {**data, "moderator_emails": "ei-ole@example.com"})
    assert "No account has this address: ei-ole@example.com" in response.content.decode()
    assert not consultation.moderators.exists()
    response = client.post(url, {**data, "moderator_emails": "Moderaattori@example.com\n"})
    assert response.status_code == 302
    assert list(consultation.moderators.all()) == [moderator]


def test_i_agree_with_htmx_answers_the_button_alone(client, consultation, resident):
    comment = make_comment(consultation, make_user("kirjoittaja@example.com"))
    client.force_login(resident)
    response = client.post(
        reverse("forums:agree", kwargs={"pk": comment.pk}), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'aria-pressed="true"' in html and "(1)" in html


def test_plain_comment_forms_match_the_rendered_form(client, consultation, section, resident):
    """The comment and reply forms are written as markup (_plain_comment_form.html): the same
    fields as CommentForm renders, so that a form with errors comes back looking the same."""
    import re

    from forums.forms import CommentForm

    comment = make_comment(consultation, make_user("kirjoittaja@example.com"))
    client.force_login(resident)
    html = client.get(consultation_url(consultation)).content.decode()

    def tags(text):
        return sorted(
            " ".join(sorted(re.findall(r'(?:name|id|aria-describedby|for)="[^"]+"', tag)))
            for tag in re.findall(r"<(?:input|textarea|label)[^>]*>", text)
        )

    for prefix, marker in (
        (f"c{comment.pk}", f'<input type="hidden" name="parent" value="{comment.pk}">'),
        (f"s{section.pk}", f'aria-labelledby="form-title-{section.pk}"'),
    ):
        form = CommentForm(prefix=prefix)
        rendered = "".join(form[name].as_field_group() for name in form.fields)
        start = html.index(marker) + len(marker)
        start = html.index(f'<label for="id_{prefix}-body"', start)
        written = html[start : html.index("</form>", start)]
        assert tags(written) == tags(rendered), prefix


def test_forum_links_to_its_activity_in_the_calendar(client, forum, english_pages):
    from tests.meetingplaces.factories import ActivityFactory

    activity = ActivityFactory(title_fi="Osallisuusfoorumin tapaaminen")
    forum.activity = activity
    forum.save()
    page = client.get(reverse("forums:forum", kwargs={"slug": forum.slug})).content.decode()
    assert "The forum in the activity calendar" in page
    assert activity.get_absolute_url() in page
