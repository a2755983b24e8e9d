"""The guidance tool: from the residents' search to a shortlist, its print view, short link
and sending, without storing who the person is."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from guidance.models import Handover, SharedList, Shortlist
from notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_search_offers_add_to_list_and_keeps_every_filter(client, professional, activity):
    from meetingplaces.search import activity_refresh_search

    activity_refresh_search(activity)
    client.force_login(professional)
    search = reverse("search:search") + "?q=muistikahvila&municipality=179"
    page = client.get(search)
    html = page.content.decode()
    assert f'form="result-action-activity-{activity.pk}"' in html
    assert f'id="result-action-activity-{activity.pk}"' in html
    # The button's own form is outside the search's GET form (forms do not nest).
    assert html.index(f'id="result-action-activity-{activity.pk}"') > html.index("</form>")
    response = client.post(
        reverse("guidance:shortlist-add"),
        {"kind": "activity", "object_id": activity.pk, "next": search},
    )
    assert response.status_code == 302 and response["Location"] == search
    shortlist = Shortlist.objects.get(owner=professional)
    assert list(shortlist.items.values_list("kind", "object_id")) == [("activity", activity.pk)]


def test_residents_see_no_list_button(client, activity):
    from meetingplaces.search import activity_refresh_search

    activity_refresh_search(activity)
    page = client.get(reverse("search:search") + "?q=muistikahvila")
    assert "search-result__action" not in page.content.decode()


def test_the_cached_cards_of_a_resident_do_not_hide_a_professionals_buttons(
    client, professional, activity
):
    """The results' cards are kept in the template cache for residents only: the same search
    by a professional afterwards still offers "Add to the list", and a resident's again not."""
    from meetingplaces.search import activity_refresh_search

    activity_refresh_search(activity)
    search = reverse("search:search") + "?q=muistikahvila"
    assert "search-result__action" not in client.get(search).content.decode()
    client.force_login(professional)
    assert f'form="result-action-activity-{activity.pk}"' in client.get(search).content.decode()
    client.logout()
    html = client.get(search).content.decode()
    assert activity.title_fi in html and "search-result__action" not in html


def test_print_view_in_the_persons_language_with_qr_codes(client, professional, activity):
    client.force_login(professional)
    client.post(reverse("guidance:shortlist-add"), {"kind": "activity", "object_id": activity.pk})
    client.post(reverse("guidance:shortlist"), {"note": "Tervetuloa!", "language": "sv"})
    page = client.get(reverse("guidance:shortlist-print"))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="sv">' in html
    assert html.count("<svg") == 1 and "/sv/activities/" in html
    assert "Tervetuloa!" in html
    assert not Handover.objects.exists()  # looking is not printing
    client.post(reverse("guidance:shortlist-print"))
    assert Handover.objects.get().channel == "print"


def test_short_link_is_read_only_and_expires_after_30_days(
    client, professional, activity, time_machine
):
    client.force_login(professional)
    client.post(reverse("guidance:shortlist-add"), {"kind": "activity", "object_id": activity.pk})
    client.post(reverse("guidance:shortlist-link"))
    shared = SharedList.objects.get()
    client.logout()
    short = client.get(f"/l/{shared.token}")
    assert short.status_code == 302
    page = client.get(short["Location"])
    assert page.status_code == 200 and "Muistikahvila" in page.content.decode()
    assert "I printed" not in page.content.decode()
    time_machine.move_to(shared.expires_at, tick=False)
    assert client.get(short["Location"]).status_code == 404
    assert client.get(f"/l/{shared.token}").status_code == 404


@pytest.mark.parametrize(
    ("channel", "address"), [("email", "asiakas@example.com"), ("sms", "040 000 1234")]
)
def test_send_does_not_keep_the_address(client, professional, activity, channel, address, settings):
    from guidance.services import requests_erase

    settings.SIGNUPS_SMS_BACKEND = "signups.sms.LocmemSmsBackend"
    activity.is_sensitive = True
    activity.save()
    client.force_login(professional)
    client.post(reverse("guidance:shortlist-add"), {"kind": "activity", "object_id": activity.pk})
    response = client.post(
        reverse("guidance:shortlist-send"), {"channel": channel, "address": address}
    )
    assert response.status_code == 302
    message = OutgoingEmail.objects.get()
    assert message.forget_recipient
    from notifications.services import email_send

    email_send(email_id=message.pk)
    message.refresh_from_db()
    assert message.sent_at and message.to == ""
    if channel == "email":
        (sent,) = mail.outbox
        assert sent.to == [address]
        assert "Muistikahvila" not in sent.subject + sent.body  # a sensitive group is not named
    assert Handover.objects.get().channel == channel
    requests_erase()
    assert not OutgoingEmail.objects.exclude(to="").exists()


def test_send_with_a_bad_address_keeps_the_form(client, professional, activity):
    client.force_login(professional)
    client.post(reverse("guidance:shortlist-add"), {"kind": "activity", "object_id": activity.pk})
    response = client.post(
        reverse("guidance:shortlist-send"), {"channel": "email", "address": "ei-osoite"}
    )
    assert response.status_code == 400
    assert 'value="ei-osoite"' in response.content.decode()
    assert not OutgoingEmail.objects.exists() and not SharedList.objects.exists()


def test_the_list_is_per_professional_not_per_process(client, professional, activity):
    client.force_login(professional)
    client.post(reverse("guidance:shortlist-add"), {"kind": "activity", "object_id": activity.pk})
    other = client.__class__()
    other.force_login(professional)  # another browser, another web process: the same list
    assert "Muistikahvila" in other.get(reverse("guidance:shortlist")).content.decode()


def test_the_account_export_holds_the_professionals_guidance(client, professional, unit, activity):
    from accounts.services import user_export_data

    client.force_login(professional)
    client.post(reverse("guidance:shortlist-add"), {"kind": "activity", "object_id": activity.pk})
    exported = user_export_data(user=professional)["guidance"]
    assert exported["units"][0]["unit"] == "Keuruun sote-keskus"
    assert exported["shortlist"]["items"] == [["activity", activity.pk]]
