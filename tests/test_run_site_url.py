"""`python -m portal.run --port N`: links name the port it serves (issue 16 item 13)."""

from portal.run import Supervisor, parse_args
from tests.processes import process_env, run_python

PRINT_SITE_URL = "from django.conf import settings; print(settings.SITE_URL)"


def site_url_seen_by_the_web_server(env: dict) -> str:
    """SITE_URL as the run command hands it to its web server (the rest of the environment
    is the test run's own, as for every process a test starts)."""
    result = run_python(
        "-c",
        f"import django; django.setup(); {PRINT_SITE_URL}",
        env=process_env(SITE_URL=env["SITE_URL"]),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_site_url_follows_the_port(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    args = parse_args(["--port", "8102"])
    supervisor = Supervisor(port=args.port, reload=not args.noreload)
    assert site_url_seen_by_the_web_server(supervisor.env) == "http://127.0.0.1:8102"


def test_a_site_url_that_is_set_wins(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://yhdessa.example")
    supervisor = Supervisor(port=8102)
    assert site_url_seen_by_the_web_server(supervisor.env) == "https://yhdessa.example"
