"""Search as a registry of kinds (search/registry.py): every app registers its own kinds from
its AppConfig.ready(), and search/ imports no other app of the project."""

import ast
from pathlib import Path

from django.conf import settings

from search import registry

ROOT = Path(__file__).resolve().parents[2]
# The project package (settings, URLs, portal/lib helpers without models) is not an app to
# depend on; the search's own historical migrations are left as they were applied.
NOT_APPS = {"portal", "search"}


def project_apps() -> set[str]:
    return {
        app
        for app in settings.INSTALLED_APPS
        if "." not in app and (ROOT / app).is_dir() and app not in NOT_APPS
    }


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_search_imports_no_other_app():
    apps = project_apps()
    assert {"meetingplaces", "organisations", "bodies", "areas", "taxonomy"} <= apps
    offenders = {}
    for path in (ROOT / "search").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        wrong = imported_modules(path) & apps
        if wrong:
            offenders[str(path.relative_to(ROOT))] = sorted(wrong)
    assert offenders == {}


def test_every_app_registers_its_kinds():
    assert registry.residents_kinds() == ("activity", "place", "organisation", "unit")
    for name in ("body_decision", "body_minutes", "body_agenda_item"):
        assert not registry.kind(name).residents
    assert registry.occurrences().kind == "activity"
    assert "day" in registry.kind("activity").facet_prefixes
