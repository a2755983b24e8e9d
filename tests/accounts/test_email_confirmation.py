"""Verifying a new account's e-mail address: the e-mail names the service, and the link signs
the new account in wherever it is opened (issue 16 item 6)."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.personas import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def sign_up(client, email: str, **query) -> str:
    """Sign up through the form; the path of the verification link e-mailed."""
    address = reverse("account_signup")
    if query:
        address += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    response = client.post(address, {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    link = re.search(r"https?://\S+/confirm-email/\S+", mail.outbox[-1].body).group(0)
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_the_verification_email_names_the_service_not_a_host(client, settings):
    settings.SITE_URL = "http://127.0.0.1:8102"
    sign_up(client, "nimi@example.com")
    body = mail.outbox[-1].body
    assert "tilin palvelussa Yhdessä." in body
    assert "127.0.0.1:8000" not in body
    # The address under the closing line is the portal's, with its scheme.
    assert body.rstrip().endswith("http://127.0.0.1:8102")


def test_the_link_signs_in_the_browser_that_signed_up(client):
    path = sign_up(client, "sama@example.com")
    response = client.post(path)
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    assert client.session["_auth_user_id"] == str(User.objects.get(email="sama@example.com").pk)


def test_the_link_opened_in_another_browser_signs_the_new_account_in(client):
    path = sign_up(client, "puhelin@example.com")
    phone = Client()  # the mail app's browser: no session of the sign-up
    response = phone.post(path)
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile"), "landed on the login page"
    user = User.objects.get(email="puhelin@example.com")
    assert phone.session["_auth_user_id"] == str(user.pk)
    assert user.emailaddress_set.get().verified


def test_the_link_keeps_the_page_the_person_signed_up_for(client):
    target = reverse("manage:dashboard")
    path = sign_up(client, "yhdistys@example.com", next=target)
    phone = Client()
    response = phone.post(path)
    assert response.status_code == 302
    assert response.url == target
    assert "_auth_user_id" in phone.session


def test_the_link_signs_in_only_once(client):
    path = sign_up(client, "kerran@example.com")
    assert Client().post(path).url == reverse("accounts:profile")
    # The same link later, in yet another browser: the address is verified already and the
    # account has been used, so the link is no key to it.
    later = Client()
    response = later.post(path)
    assert "_auth_user_id" not in later.session
    assert response.status_code == 404  # allauth: no confirmation for a verified address


def test_an_old_account_adding_an_address_is_not_signed_in_by_its_link(client):
    user = make_user("vanha@example.com")
    client.force_login(user)
    client.post(reverse("account_email"), {"action_add": "", "email": "uusi.osoite@example.com"})
    link = re.search(r"https?://\S+/confirm-email/\S+", mail.outbox[-1].body).group(0)
    other = Client()
    other.post(urlsplit(link).path)
    assert "_auth_user_id" not in other.session
    assert user.emailaddress_set.get(email="uusi.osoite@example.com").verified
