"""Accounts: email login with verification, rate limits, MFA for staff, own data."""

import json

import pytest
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from django.core import mail
from django.urls import reverse
from django.utils.http import urlencode

from accounts.models import User
from tests.personas import PASSWORD, add_totp, make_coordinator, make_user

pytestmark = pytest.mark.django_db


def login_post(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def test_signup_requires_email_verification(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "uusi@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["uusi@example.com"]
    # Not logged in before the address is verified.
    assert "_auth_user_id" not in client.session
    response = login_post(client, "uusi@example.com", PASSWORD)
    assert "_auth_user_id" not in client.session


def test_verified_user_logs_in_with_email(client):
    make_user("asukas@example.com")
    response = login_post(client, "asukas@example.com", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    make_user("olemassa@example.com")
    known = client.post(reverse("account_reset_password"), {"email": "olemassa@example.com"})
    unknown = client.post(reverse("account_reset_password"), {"email": "eiole@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    # Only the real account gets a reset link; the unknown address gets nothing that differs
    # on the page (allauth may send an "unknown account" note to the address itself).
    assert any("olemassa@example.com" in m.to for m in mail.outbox)


@pytest.fixture
def behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_login_rate_limit_per_account(client, behind_one_proxy):
    make_user("kohde@example.com")
    for _ in range(5):
        response = login_post(
            client, "kohde@example.com", "wrong-password", HTTP_X_FORWARDED_FOR="203.0.113.5"
        )
        assert "_auth_user_id" not in client.session
    # Even the right password is refused while the limit is on.
    response = login_post(client, "kohde@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_login_rate_limit_counts_the_real_client_address_behind_the_proxy(client, behind_one_proxy):
    # The proxy appends the address it saw; anything before it was sent by the client.
    for number in range(20):
        login_post(
            client,
            f"ei{number}@example.com",
            "wrong-password",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}, 203.0.113.7",
        )
    make_user("oikea@example.com")
    blocked = login_post(
        client, "oikea@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.7"
    )
    assert "_auth_user_id" not in client.session
    assert blocked.status_code in (200, 429)
    # Another client behind the same proxy is not blocked.
    allowed = login_post(client, "oikea@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert allowed.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.parametrize(
    ("make_person", "path"),
    [
        (lambda: make_user("yllapito@example.com", staff=True), "/fi/admin/"),
        (lambda: make_coordinator("koordinaattori@example.com", totp=False), "/fi/coordinate/"),
    ],
    ids=["staff before the admin", "coordinator before coordinator pages"],
)
def test_staff_and_coordinators_must_set_up_mfa_first(client, make_person, path):
    person = make_person()
    client.force_login(person)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
    add_totp(person)
    assert client.get(path).status_code == 200


def test_admin_login_goes_through_the_portal_login(client):
    response = client.get("/fi/admin/login/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_resident_is_not_asked_for_mfa(client):
    resident = make_user("asukas2@example.com")
    client.force_login(resident)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_login_with_totp_asks_for_the_code(client):
    user = make_user("turva@example.com", staff=True)
    secret = add_totp(user)
    response = login_post(client, "turva@example.com", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    counter = next(yield_hotp_counters_from_time())
    code = f"{hotp_value(secret, counter):06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sessions_list(client):
    user = make_user("istunnot@example.com")
    login_post(client, "istunnot@example.com", PASSWORD)
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 200
    assert user.usersession_set.count() == 1 if hasattr(user, "usersession_set") else True


def test_download_own_data_as_json(client):
    user = make_user("lataa@example.com")
    client.force_login(user)
    assert client.get(reverse("accounts:export")).status_code == 405
    response = client.post(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "lataa@example.com"
    assert data["email_addresses"] == [
        {"email": "lataa@example.com", "verified": True, "primary": True}
    ]


def test_data_download_needs_login(client):
    response = client.post(reverse("accounts:export"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_delete_account_needs_the_password(client):
    user = make_user("poista@example.com")
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": "wrong"})
    assert response.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()
    assert "password" in response.context["form"].errors


def test_delete_account(client):
    user = make_user("poista2@example.com")
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert "_auth_user_id" not in client.session
    # The email address can be used again for a new account.
    assert not User.objects.filter(email="poista2@example.com").exists()


def test_signup_remembers_the_language_for_emails(client):
    client.post(
        "/sv/accounts/signup/",
        {"email": "svenska@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert User.objects.get(email="svenska@example.com").language == "sv"
    # The verification email itself is in Swedish.
    assert "bekräfta" in mail.outbox[0].subject.lower()


def test_data_download_includes_organisation_roles(client):
    from tests.organisations.factories import MembershipFactory

    user = make_user("jasen@example.com")
    membership = MembershipFactory(user=user)
    client.force_login(user)
    data = json.loads(client.post(reverse("accounts:export")).content)
    assert data["organisations"]["memberships"] == [
        {
            "organisation": membership.organisation.name,
            "role": membership.role,
            "since": membership.created_at.isoformat(),
        }
    ]


def test_deleting_the_account_removes_memberships(client):
    from organisations.models import Membership
    from tests.organisations.factories import MembershipFactory

    user = make_user("lahtija@example.com")
    membership = MembershipFactory(user=user)
    client.force_login(user)
    client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    # The organisation itself stays.
    assert membership.organisation.__class__.objects.filter(pk=membership.organisation_id).exists()


def totp_code(secret: str) -> str:
    return f"{hotp_value(secret, next(yield_hotp_counters_from_time())):06d}"


def test_after_activating_totp_the_coordinator_returns_to_the_page_that_asked(client):
    from tests.organisations.factories import OrganisationFactory

    organisation = OrganisationFactory(slug="alueen-yhdistys")
    make_coordinator("uusi-koordinaattori@example.com", totp=False)
    login_post(client, "uusi-koordinaattori@example.com", PASSWORD)
    edit_url = reverse("manage:edit", kwargs={"slug": organisation.slug})

    asked = client.get(edit_url)
    assert asked.url == f"{reverse('mfa_activate_totp')}?{urlencode({'next': edit_url})}"
    # allauth asks for the password again before a change to two-factor authentication.
    reauthenticate = client.get(asked.url).url
    setup = client.post(reauthenticate, {"password": PASSWORD}, follow=True)
    activated = client.post(
        reverse("mfa_activate_totp"), {"code": totp_code(setup.context["form"].secret)}
    )
    assert activated.url == reverse("mfa_view_recovery_codes")
    codes_page = client.get(activated.url)
    continue_url = reverse("accounts:totp-continue")
    assert f'href="{continue_url}"' in codes_page.content.decode()
    back = client.get(continue_url)

    assert back.url == edit_url
    assert client.get(edit_url).status_code == 200
    # The way back is used once; afterwards the recovery codes page offers no stale link.
    assert continue_url not in client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert client.get(continue_url).url == reverse("accounts:profile")


def test_totp_continue_never_leaves_the_site(client):
    user = make_user("ulos@example.com")
    client.force_login(user)
    client.get(f"{reverse('mfa_activate_totp')}?next=https://evil.example/")
    assert client.get(reverse("accounts:totp-continue")).url == reverse("accounts:profile")


ALLAUTH_RECOVERY_CODE_MESSAGES = [
    "Recovery codes",
    "Recovery Codes",
    "No recovery codes set up.",
    "A new set of recovery codes has been generated.",
    "New Recovery Codes Generated",
    "I have saved my recovery codes",
    "You are about to generate a new set of recovery codes for your account.",
]


@pytest.mark.parametrize("message", ALLAUTH_RECOVERY_CODE_MESSAGES)
def test_recovery_codes_have_one_finnish_name(message):
    """Ours say "varakoodit"; allauth's catalogue says "palautuskoodit", which our password-reset
    pages would also be read as. Our catalogue overrides allauth's wording."""
    from django.utils import translation

    with translation.override("fi"):
        text = translation.gettext(message)
    assert "varakood" in text.lower()


def test_the_only_administrator_cannot_delete_the_account(client):
    from organisations.models import Membership
    from tests.organisations.factories import MembershipFactory, OrganisationFactory

    user = make_user("ainoa@example.com")
    alone = OrganisationFactory(name="Yksinäinen yhdistys ry", slug="yksinainen")
    shared = OrganisationFactory(name="Jaettu yhdistys ry", slug="jaettu")
    MembershipFactory(organisation=alone, user=user, role=Membership.Role.ADMIN)
    editor = MembershipFactory(organisation=alone, role=Membership.Role.EDITOR)
    MembershipFactory(organisation=shared, user=user, role=Membership.Role.ADMIN)
    MembershipFactory(organisation=shared, role=Membership.Role.ADMIN)
    client.force_login(user)
    members_url = reverse("manage:members", kwargs={"slug": alone.slug})

    page = client.get(reverse("accounts:delete")).content.decode()
    refused = client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert "Yksinäinen yhdistys ry" in page and f'href="{members_url}"' in page
    assert "Jaettu yhdistys ry" not in page
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Yksinäinen yhdistys ry" in text and f'href="{members_url}"' in text
    assert User.objects.filter(pk=user.pk).exists()
    assert Membership.objects.filter(user=user).count() == 2
    assert client.session["_auth_user_id"] == str(user.pk)

    # Handed over: the account goes, the organisation keeps its new administrator.
    editor.role = Membership.Role.ADMIN
    editor.save()
    deleted = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert deleted.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert list(alone.memberships.values_list("role", flat=True)) == ["admin"]


def _link_in(message) -> str:
    import re

    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


@pytest.mark.parametrize("same_browser", [True, False], ids=["same browser", "another browser"])
def test_volunteer_who_signs_up_to_register_lands_on_the_associations_dashboard(
    client, same_browser
):
    from django.test import Client

    dashboard = reverse("manage:dashboard")
    home = client.get(reverse("home")).content.decode()
    signup = f"{reverse('account_signup')}?next={dashboard}"
    assert f'href="{signup}"' in home

    signed_up = client.post(
        signup,
        {"email": "vapaaehtoinen@example.com", "password1": PASSWORD, "password2": PASSWORD,
         "next": dashboard},
    )  # fmt: skip
    assert signed_up.status_code == 302
    link = _link_in(mail.outbox[0])
    browser = client if same_browser else Client()
    confirmed = browser.post(link, {"next": browser.get(link).context["redirect_field_value"]})

    assert confirmed.url == dashboard
    if same_browser:
        assert browser.get(dashboard).status_code == 200


def test_favicon_answers(client):
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.ico")
    with open(finders.find("img/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file, served by whitenoise
    assert f'rel="icon" href="{static("img/favicon.ico")}"' in client.get("/fi/").content.decode()
