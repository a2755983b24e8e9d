"""Every registry page that answers GET, opened in the browser by someone allowed to see it and
scanned with axe (WCAG 2.1 A/AA), with exactly one <h1>.

The pages come from the permission matrix (tests/organisations/test_permissions.py), which
fails when a registry URL is missing from it, so a new page is scanned here without anyone
remembering to add it. The matrix's `world` gives the objects the URLs point at.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from organisations.services import editing, importer
from tests.browser.helpers import log_in_with_session, page_problems
from tests.organisations.factories import OrganisationFactory, area
from tests.organisations.test_permissions import MATRIX, world  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

# Who opens a page: the first of these whom the matrix lets see it; a few pages are looked at
# by the person they are for.
VISITORS = ("anonymous", "admin", "coordinator", "staff")
VISITOR_FOR = {"manage:request-access": "resident"}
REGISTRY = ("organisations:", "manage:", "coordinate:")
# Pages that are files, not HTML.
DOWNLOADS = {"coordinate:export"}
# What the busier pages must show, so that the scan sees their content and not an empty state.
EXPECTED_TEXT = {
    "coordinate:duplicates": lambda w: "Testiyhdistys r.y.",
    "coordinate:history": lambda w: "Kokoonnumme kirjastolla joka toinen tiistai.",
    "coordinate:import-job": lambda w: "business_id",
}


def pages():
    for name, variants in MATRIX.items():
        for variant, case in variants.items():
            # The matrix covers every URL now; the other pages are scanned in test_site_pages. A
            # row without GET: the page does not answer it.
            if case.GET is None or name in DOWNLOADS or not name.startswith(REGISTRY):
                continue
            visitor = VISITOR_FOR.get(name) or next(
                persona for persona in VISITORS if "ok" in case.GET[persona]
            )
            yield name, variant, visitor


@pytest.fixture
def busy_world(world):  # noqa: F811
    """The matrix's world with something on the busier pages: a change in the history (a
    diff), a likely duplicate, and an import whose dry run found problems."""
    editing.organisation_update(
        organisation=world.org,
        user=world.users["admin"],
        changes={"description_fi": "Kokoonnumme kirjastolla joka toinen tiistai."},
        expected_version=world.org.version,
    )
    OrganisationFactory(name="Testiyhdistys r.y.")
    csv = "name,business_id,email\nHuono ry,1234567-8,ei-osoite\n"
    world.job = importer.import_job_create(
        uploaded=SimpleUploadedFile("jarjestot.csv", csv.encode()),
        welfare_area=area("keski-suomi"),
        user=world.users["coordinator"],
    )
    assert world.job.problems
    return world


def test_every_registry_page_passes_axe(page, live_server, busy_world):
    w = busy_world
    problems = []
    scanned = []
    current = None
    for name, variant, visitor in pages():
        if visitor != current:
            page.context.clear_cookies()
            if w.users[visitor] is not None:
                log_in_with_session(page, live_server, w.users[visitor])
            current = visitor
        with translation.override("fi"):
            path = reverse(name, kwargs=MATRIX[name][variant].kwargs(w))
        response = page.goto(live_server.url + path)
        label = f"{name}[{variant}] as {visitor}"
        if response is None or response.status != 200:
            problems.append(f"{label}: {path} answered {response and response.status}")
            continue
        problems += [f"{label}: {problem}" for problem in page_problems(page)]
        expected = EXPECTED_TEXT.get(name)
        if expected and expected(w) not in page.locator("main").inner_text():
            problems.append(f"{label}: {expected(w)!r} is not on the page")
        scanned.append(label)
    assert len(scanned) >= 20, scanned
    assert not problems, "\n\n".join(problems)
