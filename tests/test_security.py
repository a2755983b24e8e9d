"""Security headers on every URL, production settings that pass Django's deploy check."""

import os

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.processes import database_url, run_python

pytestmark = pytest.mark.django_db

SAMPLE = {
    "int": "1",
    "slug": "esimerkki",
    "str": "esimerkki",
    "path": "esimerkki/x",
    "uuid": ("00000000-0000-0000-0000-000000000000"),
}


def all_url_paths(resolver=None, prefix="/fi/"):
    """One concrete path for every URL pattern, arguments filled with sample values."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if route.startswith("^") or "(?P" in route:
            # A regex pattern (the admin's): use its literal prefix.
            route = route.lstrip("^").split("(")[0].rstrip("$").replace("\\", "")
        else:
            for converter, value in SAMPLE.items():
                import re

                route = re.sub(rf"<{converter}:\w+>", value, route)
            route = re.sub(r"<\w+>", "esimerkki", route)
        if isinstance(pattern, URLResolver):
            # The language prefix resolver stands for itself.
            if pattern.pattern.__class__.__name__ == "LocalePrefixPattern":
                yield from all_url_paths(pattern, "/fi/")
            else:
                yield from all_url_paths(pattern, prefix + route if prefix else route)
        elif isinstance(pattern, URLPattern):
            yield (prefix + route) if prefix else "/" + route


def url_paths():
    top = get_resolver()
    paths = set()
    for pattern in top.url_patterns:
        if pattern.pattern.__class__.__name__ == "LocalePrefixPattern":
            paths.update(all_url_paths(pattern, "/fi/"))
        elif isinstance(pattern, URLResolver):
            paths.update(all_url_paths(pattern, "/" + str(pattern.pattern)))
        else:
            paths.add("/" + str(pattern.pattern))
    return sorted(paths)


def test_every_url_pattern_sends_security_headers(client):
    paths = url_paths()
    assert len(paths) > 30
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, path
        csp = response.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp, path
        assert "'unsafe-inline'" not in csp, path
        assert "frame-ancestors 'none'" in csp, path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["Referrer-Policy"] == "same-origin", path
        assert response["X-Frame-Options"] == "DENY", path
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", path


def test_scripts_in_pages_carry_the_nonce(client):
    response = client.get("/fi/")
    csp = response["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    import re

    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or f'nonce="{nonce}"' in tag, tag


def production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EMAIL_")) and key != "DEFAULT_FROM_EMAIL"
    }
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x8#kq2!vT9z$Lm4@pW7nR1&bY6^cH3*eJ5(uG0)sD2-fA9+oI8=lK7_",
        DJANGO_ALLOWED_HOSTS="yhdessa.example",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://yhdessa.example",
        EMAIL_HOST="smtp.yhdessa.example",  # production sends e-mail (check --deploy asks it)
        DATABASE_URL=database_url(),
        **extra,
    )
    return env


def test_deploy_check_passes_with_production_settings():
    result = run_python(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=production_env()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    production = run_python(
        "-c",
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.MAILERS['default']['OPTIONS']['timeout'], s.ALLAUTH_TRUSTED_PROXY_COUNT, "
        "s.SECURE_PROXY_SSL_HEADER, "
        "s.CACHES['default'].get('OPTIONS', {}))",
        env=production_env(
            DJANGO_SETTINGS_MODULE="portal.settings",
            REDIS_URL="redis://127.0.0.1:6379/0",
        ),
        timeout=60,
    )
    assert production.returncode == 0, production.stderr
    # No proxy is trusted unless DJANGO_TRUSTED_PROXY_COUNT says so.
    assert production.stdout.startswith("True True 31536000 10 0 None ")
    assert "'socket_timeout': 0.5" in production.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    env.pop("DJANGO_SECRET_KEY")
    result = run_python(
        "-c",
        "import django; django.setup()",
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_forged_forwarded_for_does_not_escape_the_per_address_login_limit(client):
    """With the default settings no proxy is trusted: X-Forwarded-For is the client's own word."""
    from django.urls import reverse

    from tests.personas import PASSWORD, make_user

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    login = reverse("account_login")
    for number in range(20):  # the per-address limit: 20 failures in 5 minutes
        client.post(
            login,
            {"login": f"ei{number}@example.com", "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
    make_user("oikea@example.com")
    response = client.post(
        login,
        {"login": "oikea@example.com", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    # The right password is refused: the limit holds for the connection's own address.
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_wrong_passwords_do_not_lock_the_owner_out(client, mailoutbox):
    """An attacker's five wrong passwords stop password sign-in to the address, not its owner."""
    import re

    from django.test import Client
    from django.urls import reverse
    from django.utils.html import escape

    from accounts.adapter import AccountAdapter
    from tests.personas import PASSWORD, make_user

    owner = make_user("omistaja@example.com")
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    login = reverse("account_login")
    for _ in range(5):
        attacker.post(login, {"login": owner.email, "password": "arvaus-123456"})
    # The attacker stays limited, even with the right password.
    response = attacker.post(login, {"login": owner.email, "password": PASSWORD})
    assert "_auth_user_id" not in attacker.session
    message = escape(str(AccountAdapter.error_messages["too_many_login_attempts"]))
    assert message in response.content.decode()  # the page offers the way in
    assert reverse("account_request_login_code") in response.content.decode()

    # The owner, elsewhere: password sign-in is limited too, but a code by e-mail lets them in.
    owner_client = Client(REMOTE_ADDR="198.51.100.7")
    owner_client.post(login, {"login": owner.email, "password": PASSWORD})
    assert "_auth_user_id" not in owner_client.session
    response = owner_client.post(reverse("account_request_login_code"), {"email": owner.email})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_confirm_login_code"))
    assert [m.to for m in mailoutbox] == [[owner.email]]
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mailoutbox[0].body, re.M).group(1)
    response = owner_client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert owner_client.session["_auth_user_id"] == str(owner.pk)

    # The attacker cannot use a code it never sees: three wrong guesses end its attempt.
    attacker.post(reverse("account_request_login_code"), {"email": owner.email})
    for guess in ("AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC", code):
        attacker.post(reverse("account_confirm_login_code"), {"code": guess})
    assert "_auth_user_id" not in attacker.session


@pytest.fixture
def production_media(settings, tmp_path):
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png_bytes() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_uploaded_logo_is_served_in_production(client, production_media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.organisations.factories import OrganisationFactory

    organisation = OrganisationFactory()
    organisation.logo.save("logo.png", SimpleUploadedFile("logo.png", png_bytes()))
    assert organisation.logo.url.startswith("/media/logos/")
    response = client.get(organisation.logo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == png_bytes()
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logos/hyokkays.html", b"<script>alert(document.cookie)</script>"),
        (
            "logos/kuva.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ),
        ("logos/naamio.png.html", b"<script>alert(1)</script>"),
    ],
)
def test_uploaded_html_or_svg_is_never_served_as_a_page(client, production_media, name, content):
    (production_media / "logos").mkdir()
    (production_media / name).write_bytes(content)
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_media_serves_nothing_outside_the_media_folder(client, production_media):
    (production_media.parent / "salainen.png").write_bytes(png_bytes())
    for path in ("/media/../salainen.png", "/media/%2e%2e/salainen.png", "/media/logos/"):
        assert client.get(path).status_code == 404, path


# Run under the production settings in a child process: a login page, a sign-in and a language
# change over https, inside a transaction that is rolled back. Prints what the responses set.
PRODUCTION_RESPONSES = """
import json

import django

django.setup()
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from accounts.models import User

# The one difference: static files without collectstatic's manifest.
plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with (
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}),
    transaction.atomic(),
):
    user = User.objects.create_user(email="evasteet@example.com", password="Oikea-salasana-42")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client(SERVER_NAME="yhdessa.example")
    login_page = client.get("/fi/accounts/login/", secure=True)
    signed_in = client.post(
        "/fi/accounts/login/",
        {"login": user.email, "password": "Oikea-salasana-42"},
        secure=True,
    )
    language = client.post("/i18n/setlang/", {"language": "sv", "next": "/sv/"}, secure=True)
    transaction.set_rollback(True)
cookies = {}
for response in (login_page, signed_in, language):
    for name, morsel in response.cookies.items():
        cookies[name] = {
            "secure": bool(morsel["secure"]),
            "httponly": bool(morsel["httponly"]),
            "samesite": morsel["samesite"],
        }
print(json.dumps({
    "statuses": [login_page.status_code, signed_in.status_code, language.status_code],
    "hsts": login_page.get("Strict-Transport-Security"),
    "cookies": cookies,
}))
"""


def test_hsts_and_secure_cookies_in_production():
    """The headers and cookies that responses under the production settings really carry."""
    import json

    result = run_python(
        "-c", PRODUCTION_RESPONSES, env=production_env(DJANGO_SETTINGS_MODULE="portal.settings")
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["statuses"] == [200, 302, 302]
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert set(seen["cookies"]) >= {"csrftoken", "sessionid", "django_language"}
    for name, flags in seen["cookies"].items():
        assert flags == {"secure": True, "httponly": True, "samesite": "Lax"}, name
