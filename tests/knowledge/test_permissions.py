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

from tests.personas import Case, assert_rows_cover, matrix_test, matrix_users, roles

PERSONAS = (
    "anonymous", "resident", "coordinator", "other_coordinator", "staff", "coordinator_no_totp",
    "staff_no_totp",
)  # fmt: skip


def everyone(result: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, result)


ROLES = roles(PERSONAS)
AREA = roles(PERSONAS, other_area="403")
UNKNOWN = everyone("404") | {"anonymous": "login"}


def at(**kwargs: str):
    return lambda w: kwargs


# GET as each row says; every page is GET only (unlisted POST: 405).
MATRIX: dict[str, dict[str, Case]] = {
    "knowledge:index": {"": Case(GET=ROLES)},
    "knowledge:definitions": {"": Case(GET=ROLES)},
    "knowledge:area": {
        "": Case(at(slug="keski-suomi"), AREA),
        "unknown area": Case(at(slug="ei-ole"), UNKNOWN),
    },
    "knowledge:table-csv": {
        "": Case(at(slug="keski-suomi", table="offer-municipality"), AREA),
        "unknown table": Case(
            at(slug="keski-suomi", table="ei-ole"),
            AREA | {"coordinator": "404", "staff": "404"},
        ),
        "unknown area": Case(at(slug="ei-ole", table="offer-municipality"), UNKNOWN),
    },
}


@pytest.fixture(scope="module")
def world(module_transaction) -> SimpleNamespace:
    return SimpleNamespace(users=matrix_users())


test_access = matrix_test(MATRIX, PERSONAS, unlisted=everyone("405"))


def test_every_knowledge_url_is_in_the_matrix():
    assert_rows_cover(["knowledge:"], MATRIX)
