"""Project-wide guards: migrations, one <h1> per page, translations, documented settings."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.personas import add_totp, make_user

BASE = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_no_pending_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)


def named_urls_without_arguments(resolver=None, namespace=""):
    """Every named URL pattern that needs no arguments, as a namespaced name."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_urls_without_arguments(pattern, inner)
        elif (
            isinstance(pattern, URLPattern)
            and pattern.name
            and not pattern.pattern.regex.groupindex
        ):
            yield f"{namespace}{pattern.name}"


SKIP = {
    # Actions, redirects and machine endpoints: no page with a heading.
    "healthz", "set_language", "account_logout", "accounts:export", "javascript-catalog",
    "account_confirm_email", "mfa_generate_recovery_codes", "mfa_download_recovery_codes",
    "coordinate:export", "admin:jsi18n", "usersessions_list_api",
}  # fmt: skip


def pages():
    names = sorted(set(named_urls_without_arguments()))
    return [n for n in names if n not in SKIP and not n.startswith("admin:")]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "resident", "staff"])
def test_every_page_has_exactly_one_h1(client, persona):
    if persona != "anonymous":
        user = make_user(f"{persona}@example.com", staff=persona == "staff")
        if persona == "staff":
            add_totp(user)
        client.force_login(user)
    checked = 0
    for name in pages():
        for language in ("fi", "sv", "en"):
            with translation.override(language):
                url = reverse(name)
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            h1_count = len(re.findall(rb"<h1[\s>]", response.content))
            assert h1_count == 1, f"{url} as {persona} has {h1_count} <h1> elements"
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_translations_load(language):
    with translation.override(language):
        assert translation.get_language() == language
        # A string from our own catalogue, translated in every language but English.
        text = str(translation.gettext("Skip to main content"))
    if language == "fi":
        assert text == "Siirry pääsisältöön"
    elif language == "sv":
        assert text == "Hoppa till huvudinnehållet"
    else:
        assert text == "Skip to main content"


@pytest.mark.parametrize(("language", "expected"), [("fi", "– Valitse –"), ("sv", "– Välj –")])
def test_djangos_own_untranslated_labels_are_translated(language, expected):
    """Django 6's empty choice of a select is missing from its fi/sv catalogues; ours has it."""
    from django.db.models.fields import BLANK_CHOICE_LABEL

    with translation.override(language):
        assert str(BLANK_CHOICE_LABEL) == expected


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_catalogue_is_complete(language):
    """Every message in the catalogue is translated and none is fuzzy."""
    po = (BASE / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]
    untranslated = [e for e in entries if re.search(r'msgstr(\[\d\])? ""\n*$', e.strip() + "\n")]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries in {language}"
    assert not untranslated, f"{len(untranslated)} untranslated entries in {language}:\n" + (
        "\n---\n".join(untranslated[:5])
    )


ENV_READ = re.compile(
    r"""(?:env_(?:str|bool|int|list)\(|os\.environ\.get\(|os\.environ\[|os\.getenv\()\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def test_every_environment_variable_is_documented():
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (BASE / ".env.example").read_text(), re.M)
    )
    read: dict[str, str] = {}
    for folder in ("portal", "accounts", "areas", "organisations", "meetingplaces", "forums"):
        for path in (BASE / folder).rglob("*.py"):
            for name in ENV_READ.findall(path.read_text(encoding="utf-8")):
                read.setdefault(name, str(path.relative_to(BASE)))
    for path in [BASE / "manage.py"]:
        for name in ENV_READ.findall(path.read_text(encoding="utf-8")):
            read.setdefault(name, "manage.py")
    # Read by libraries or the process manager, not by our settings.
    read.pop("DJANGO_SETTINGS_MODULE", None)
    missing = {name: where for name, where in read.items() if name not in documented}
    assert not missing, f"Document these in .env.example: {missing}"
    assert "DATABASE_URL" in read and "REDIS_URL" in read


@pytest.mark.parametrize(
    ("argv", "needs"),
    [
        (["manage.py"], False),
        (["manage.py", "help"], False),
        (["manage.py", "--version"], False),
        (["manage.py", "check", "--deploy"], False),
        (["manage.py", "check", "--database", "default"], True),
        (["manage.py", "makemessages", "-l", "fi"], False),
        (["manage.py", "compilemessages", "--ignore=.venv"], False),
        (["manage.py", "collectstatic", "--noinput"], False),
        (["manage.py", "shell", "--help"], False),
        (["manage.py", "migrate", "-h"], False),
        (["manage.py", "migrate"], True),
        (["manage.py", "shell"], True),
        (["manage.py", "seed_demo"], True),
        (["manage.py", "runserver", "127.0.0.1:8765"], True),
    ],
)
def test_manage_starts_the_embedded_database_only_for_commands_that_use_it(argv, needs):
    import manage

    assert manage.needs_database(argv) is needs


def test_commands_without_a_database_do_not_start_the_embedded_one(tmp_path):
    """No DATABASE_URL, a fresh data folder: check and --version leave no cluster behind."""
    import os

    from tests.processes import run_python

    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["YHDESSA_DATA_DIR"] = str(tmp_path)
    # (Which commands need the database: the test above; here, end to end, a fast and a slow one.)
    for args in (["--version"], ["check"]):
        result = run_python("manage.py", *args, env=env, timeout=60)
        assert result.returncode == 0, (args, result.stderr)
    assert not (tmp_path / "postgres").exists()
    assert not (tmp_path / "postgres-users").exists()


def test_run_command_takes_a_port_and_reloads_the_web_server():
    from portal.run import Supervisor, parse_args

    args = parse_args(["--port", "8765"])
    web = Supervisor(port=args.port, reload=not args.noreload).web_command()
    assert web[-2:] == ["runserver", "127.0.0.1:8765"]  # no --noreload: the autoreloader runs
    args = parse_args(["--noreload"])
    assert args.port == 8000
    assert Supervisor(port=args.port, reload=not args.noreload).web_command()[-1] == "--noreload"


def test_no_test_is_skipped_except_browser_tests_without_chromium():
    """A skip hides a test that no longer runs; the browser one fails instead when CI is set."""
    allowed = {"tests/browser/conftest.py"}
    skips = re.compile(r"pytest\.skip\(|mark\.skip(if)?\b|importorskip\(")
    found = {
        str(path.relative_to(BASE))
        for path in (BASE / "tests").rglob("*.py")
        if skips.search(path.read_text(encoding="utf-8"))
    }
    found.discard("tests/test_guards.py")  # this test names them
    assert found <= allowed, f"Stale skips in {sorted(found - allowed)}"


# E-mails lay out their own tables; the printed list is for paper; the week's opening hours are
# two narrow columns that fit a 320 px screen.
TABLES_WITHOUT_REGION = {"signups/participants_print.html", "meetingplaces/_partials/hours.html"}
TABLE_REGION = re.compile(
    r'<div class="table-wrap" role="region" tabindex="0" aria-label(?:ledby)?=".+?">\s*<table'
)


def test_every_table_scrolls_in_a_region_a_keyboard_reaches():
    """On a phone a wide table scrolls inside its own wrapper, never the page; the wrapper takes
    the focus, so that a keyboard can scroll it, and is named for a screen reader (WCAG 1.4.10,
    2.1.1)."""
    templates = BASE / "templates"
    checked = 0
    for path in sorted(templates.rglob("*.html")):
        name = str(path.relative_to(templates))
        if "/email/" in name or name in TABLES_WITHOUT_REGION:
            continue
        source = path.read_text(encoding="utf-8")
        tables = source.count("<table")
        checked += tables
        assert len(TABLE_REGION.findall(source)) == tables, f"{name}: a table outside a region"
    assert checked >= 30
