"""Who may open the forum URLs added after tests/forums/test_permissions.py was written (draft
document files, official replies): the same personas, outcome classes and rules as there
(tests/forums/test_permissions.py's completeness check counts these rows too).

- forums:document — a draft document file: whoever may read the consultation (404 otherwise).
- forums:documents, forums:document_delete — the area's coordinators and staff.
- forums:official_reply — whoever moderates the consultation (coordinators, staff, its named
  moderators).
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from forums import services
from forums.documents import check_upload
from tests.forums.test_permissions import (
    COMMENT,
    CONSULTATION,
    NOT_ALLOWED,
    NOT_ALLOWED_SIGNED_IN,
    PERSONAS,
    area_coordinators,
    build_world,
    draft_readers,
    everyone,
    moderators,
)
from tests.personas import OK, Case, matrix_test, urls_of

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

MATRIX: dict[str, dict[str, Case]] = {
    "forums:document": {
        "": Case(lambda w: {"pk": w.document.pk}, GET=everyone(OK), POST=NOT_ALLOWED),
        "draft": Case(
            lambda w: {"pk": w.draft_document.pk},
            GET=draft_readers(),
            POST=NOT_ALLOWED,
        ),
    },
    # An empty POST has no file: the form comes back with its errors (400).
    "forums:documents": {"": Case(CONSULTATION, GET=area_coordinators(), POST=area_coordinators())},
    "forums:document_delete": {
        "": Case(
            lambda w: {"pk": w.document.pk},
            GET=NOT_ALLOWED_SIGNED_IN,
            POST=area_coordinators(),
        )
    },
    # An empty POST removes a reply that is not there: allowed (redirect).
    "forums:official_reply": {"": Case(COMMENT, GET=moderators(), POST=moderators())},
}


def test_the_new_rows_are_pages_of_their_own():
    """test_permissions.py checks that every forum URL has a row in one matrix or the other; a
    URL with rows in both would be checked twice, by two different rules."""
    from tests.forums.test_permissions import MATRIX as FIRST_MATRIX

    assert set(MATRIX) <= urls_of("forums:")
    assert not set(MATRIX) & set(FIRST_MATRIX)


def add_document(consultation, actor, title: str):
    checked = check_upload(SimpleUploadedFile("luonnos.pdf", PDF))
    return services.document_add(
        consultation=consultation, section=None, title=title, checked=checked, actor=actor
    )


@pytest.fixture(scope="module")
def world(module_transaction, tmp_path_factory) -> Iterator[SimpleNamespace]:
    """The forums' matrix world (test_permissions.py) with a document of the consultation and
    one of the draft consultation, built once for the module's cells."""
    with override_settings(BODIES_ATTACHMENT_ROOT=tmp_path_factory.mktemp("attachments")):
        w = build_world()
        w.document = add_document(w.consultation, w.users["coordinator"], "Luonnos")
        w.draft_document = add_document(
            w.draft_consultation, w.users["coordinator"], "Keskeneräinen"
        )
        yield w


test_access = matrix_test(MATRIX, PERSONAS)
