"""Who may open each knowledge page (namespace "knowledge"): every URL of the namespace must
have a row here (`test_every_knowledge_url_is_in_the_matrix`).

- an area's page and its CSV tables: the coordinators of that area and staff, with TOTP; a
  coordinator of another area and every other signed-in person 403; a role without TOTP is
  sent to set it up; anonymous visitors to the login; an unknown area 404;
- the list of areas and the definitions: any coordinator or staff member (with TOTP);
- every page is GET only: a POST is 405 for everyone.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation

from tests.personas import outcome, person, role_personas

PERSONAS = (
    "anonymous", "resident", "coordinator", "other_coordinator", "staff", "coordinator_no_totp",
    "staff_no_totp",
)  # fmt: skip


def everyone(result: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, result)


ROLES = everyone("403") | {
    "anonymous": "login", "coordinator": "ok", "other_coordinator": "ok", "staff": "ok",
    "coordinator_no_totp": "mfa", "staff_no_totp": "mfa",
}  # fmt: skip
AREA = ROLES | {"other_coordinator": "403"}
UNKNOWN = everyone("404") | {"anonymous": "login"}

MATRIX: dict[str, dict[str, tuple[dict, dict[str, str]]]] = {
    "knowledge:index": {"": ({}, ROLES)},
    "knowledge:definitions": {"": ({}, ROLES)},
    "knowledge:area": {
        "": ({"slug": "keski-suomi"}, AREA),
        "unknown area": ({"slug": "ei-ole"}, UNKNOWN),
    },
    "knowledge:table-csv": {
        "": ({"slug": "keski-suomi", "table": "offer-municipality"}, AREA),
        "unknown table": (
            {"slug": "keski-suomi", "table": "ei-ole"},
            AREA | {"coordinator": "404", "staff": "404"},
        ),
        "unknown area": ({"slug": "ei-ole", "table": "offer-municipality"}, UNKNOWN),
    },
}


@pytest.fixture(scope="module")
def world(module_transaction) -> SimpleNamespace:
    return SimpleNamespace(
        users={"anonymous": None, "resident": person("asukas@example.com"), **role_personas()}
    )


def cells():
    for name, variants in MATRIX.items():
        for variant in variants:
            for method in ("GET", "POST"):
                for persona in PERSONAS:
                    yield pytest.param(
                        name, variant, method, persona, id=f"{name}[{variant}]-{method}-{persona}"
                    )


@pytest.mark.parametrize(("name", "variant", "method", "persona"), list(cells()))
def test_access(client, world, name, variant, method, persona):
    kwargs, expected = MATRIX[name][variant]
    with translation.override("fi"):
        url = reverse(name, kwargs=kwargs)
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    response = client.get(url) if method == "GET" else client.post(url)
    wanted = expected[persona] if method == "GET" else "405"
    assert outcome(response) == wanted, (
        f"{method} {url} as {persona}: {response.status_code} {response.get('Location', '')}"
    )


def test_every_knowledge_url_is_in_the_matrix():
    with translation.override("fi"):
        resolver = next(
            p
            for p in get_resolver().url_patterns
            if isinstance(p, URLResolver)
            for q in p.url_patterns
            if getattr(q, "namespace", None) == "knowledge"
        )
    names = {
        f"knowledge:{q.name}"
        for p in resolver.url_patterns
        if getattr(p, "namespace", None) == "knowledge"
        for q in p.url_patterns
    }
    assert names == set(MATRIX)
