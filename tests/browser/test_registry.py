"""The organisation registry in a real browser: an association adds itself, a coordinator
approves it, and a resident finds it in the directory. Every page visited is checked with axe.

The UI is in Finnish by default: texts are looked up with gettext under the Finnish locale and
form fields are found by name, so the tests follow the translations rather than copy them.
"""

from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from accounts.models import User
from areas.models import Municipality
from organisations.models import Category, Membership, Organisation, Status
from organisations.services import editing, review
from organisations.validators import business_id_check_digit
from tests.browser.helpers import axe_check, log_in_with_session, no_sideways_scroll, url
from tests.organisations.factories import OrganisationFactory, area, municipality
from tests.personas import PASSWORD, make_coordinator, make_user

pytestmark = [
    pytest.mark.browser,
    # Transactional (the live server runs in another thread): the flush after each test empties
    # every table, so the welfare areas and the taxonomy are loaded back first.
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

ORG_NAME = "Toivakan Muistiyhdistys ry"
DESCRIPTION = (
    "Tuemme kotona asuvia, joiden arkeen muistisairaus vaikuttaa, ja heidän läheisiään. "
    "Kokoonnumme vertaistukiryhmä-iltoihin kerran kuussa Toivakan kirjastolla."
)
TOIVAKKA = "850"
INVALID_BUSINESS_ID = "1234567-8"


def fi(message: str) -> str:
    """A UI text as the Finnish pages show it."""
    with translation.override("fi"):
        return gettext(message)


def valid_business_id(digits: str = "1234567") -> str:
    return f"{digits}-{business_id_check_digit(digits)}"


def path_of(address: str) -> str:
    return urlparse(address).path


def submit_and_wait(page, button) -> None:
    with page.expect_navigation():
        button.click()


def submitted_organisation(admin: User) -> Organisation:
    """The organisation of test 1, as the form creates it, awaiting review."""
    changes = {
        "name": ORG_NAME,
        "business_id": valid_business_id(),
        "welfare_area": area(),
        "municipalities": list(Municipality.objects.filter(code=TOIVAKKA)),
        "categories": [Category.OLDER_PEOPLE],
        "description_fi": DESCRIPTION,
    }
    return editing.organisation_create(user=admin, changes=changes, submit=True)


# 1. A volunteer adds the association ---------------------------------------------------------


def test_volunteer_adds_an_organisation_and_submits_it_for_review(page, live_server):
    volunteer = make_user("vapaaehtoinen@example.com")

    # Log in through the form.
    page.goto(url(live_server, "account_login"))
    axe_check(page)
    form = page.locator("form", has=page.locator("input[name='login']"))
    form.locator("input[name='login']").fill(volunteer.email)
    form.locator("input[name='password']").fill(PASSWORD)
    submit_and_wait(page, form.locator("[type='submit']").first)
    assert "/accounts/login/" not in page.url, f"login failed: still on {page.url}"
    axe_check(page)

    # "For associations" → "Add your organisation".
    main_menu = page.get_by_role("navigation", name=fi("Main menu"))
    submit_and_wait(page, main_menu.get_by_role("link", name=fi("For associations")))
    assert path_of(page.url) == path_of(url(live_server, "manage:dashboard"))
    axe_check(page)
    submit_and_wait(page, page.get_by_role("link", name=fi("Add your organisation")))
    assert path_of(page.url) == path_of(url(live_server, "manage:create"))
    assert page.get_by_role("heading", level=1).inner_text() == fi("Add your organisation")
    axe_check(page)

    # Fill the form in. The municipality list follows the chosen welfare area after the
    # "show the municipalities" button: updated in place, with focus on the first one.
    form = page.locator("form.organisation-form")
    form.locator("[name='name']").fill(ORG_NAME)
    form.locator("[name='welfare_area']").select_option(value=str(area().pk))
    address = page.url
    with page.expect_response(lambda r: r.request.method == "POST") as refreshed:
        form.get_by_role("button", name=fi("Show the municipalities of this welfare area")).click()
    assert refreshed.value.ok
    page.wait_for_function("() => document.activeElement.name === 'municipalities'")
    assert page.url == address, "the list should update without loading another page"
    axe_check(page)
    form = page.locator("form.organisation-form")
    assert form.locator("[name='name']").input_value() == ORG_NAME
    toivakka = municipality(TOIVAKKA)
    assert form.locator("[name='municipalities']").count() == (
        Municipality.objects.filter(welfare_area=area()).count()
    ), "the municipality list should show only Keski-Suomi's municipalities"
    assert not Organisation.objects.exists()
    form.get_by_role("checkbox", name=toivakka.name_fi, exact=True).check()
    category = form.locator(f"[name='categories'][value='{Category.OLDER_PEOPLE}']")
    category.check()
    form.locator("[name='description_fi']").fill(DESCRIPTION)
    form.locator("[name='business_id']").fill(INVALID_BUSINESS_ID)
    submit_and_wait(page, form.get_by_role("button", name=fi("Submit for review"), exact=True))

    # The error is shown at the field and nothing typed is lost.
    assert path_of(page.url) == path_of(url(live_server, "manage:create"))
    assert not Organisation.objects.exists()
    form = page.locator("form.organisation-form")
    business_id = form.locator("[name='business_id']")
    expected = fi(
        "This business ID is not valid: its check digit does not match. Check the number."
    )
    assert business_id.get_attribute("aria-invalid") == "true"
    described_by = (business_id.get_attribute("aria-describedby") or "").split()
    errors = [
        page.locator(f"[id='{element_id}']")
        for element_id in described_by
        if expected in page.locator(f"[id='{element_id}']").inner_text()
    ]
    assert errors, (
        f"the error {expected!r} is not tied to the business ID field with aria-describedby "
        f"({described_by}): {business_id.evaluate('e => e.parentElement.outerHTML')}"
    )
    field_box, error_box = business_id.bounding_box(), errors[0].bounding_box()
    gap = max(
        error_box["y"] - (field_box["y"] + field_box["height"]),
        field_box["y"] - (error_box["y"] + error_box["height"]),
    )
    assert gap < 120, f"the error is {gap:.0f}px away from the field"
    summary = page.locator(".error-summary")
    assert expected in summary.inner_text()
    assert business_id.input_value() == INVALID_BUSINESS_ID
    assert form.locator("[name='name']").input_value() == ORG_NAME
    assert form.locator("[name='welfare_area']").input_value() == str(area().pk)
    assert form.get_by_role("checkbox", name=toivakka.name_fi, exact=True).is_checked()
    assert category.is_checked()
    assert form.locator("[name='description_fi']").input_value() == DESCRIPTION
    axe_check(page)

    # Fix the business ID and submit.
    business_id.fill(valid_business_id())
    submit_and_wait(page, form.get_by_role("button", name=fi("Submit for review"), exact=True))
    organisation = Organisation.objects.get()
    assert path_of(page.url) == path_of(
        url(live_server, "manage:organisation", slug=organisation.slug)
    )
    assert fi("Thank you! Your information is now awaiting review.") in page.content()
    axe_check(page)

    # The dashboard shows the status.
    main_menu = page.get_by_role("navigation", name=fi("Main menu"))
    submit_and_wait(page, main_menu.get_by_role("link", name=fi("For associations")))
    own = page.locator(".organisation-list li", has_text=ORG_NAME)
    with translation.override("fi"):
        status_label = str(Status.IN_REVIEW.label)
    assert status_label in own.inner_text()
    # The page shows the date in Helsinki (after 22:00 UTC it is already the next day there).
    submitted = timezone.localtime(organisation.submitted_at)
    assert submitted.strftime("%-d.%-m.%Y") in own.inner_text()
    axe_check(page)

    assert organisation.status == Status.IN_REVIEW
    assert organisation.name == ORG_NAME
    assert organisation.business_id == valid_business_id()
    assert organisation.welfare_area == area()
    assert list(organisation.municipalities.values_list("code", flat=True)) == [TOIVAKKA]
    assert organisation.categories == [Category.OLDER_PEOPLE]
    assert organisation.description_fi == DESCRIPTION
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user == volunteer
    assert membership.role == Membership.Role.ADMIN


def test_municipalities_without_javascript_reload_at_the_list(browser, live_server):
    """Without JavaScript "show the municipalities" reloads the form at the municipalities,
    the first one focused, so a keyboard user continues where they were."""
    volunteer = make_user("vapaaehtoinen@example.com")
    context = browser.new_context(
        viewport={"width": 360, "height": 720}, locale="fi-FI", java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        log_in_with_session(page, live_server, volunteer)
        page.goto(url(live_server, "manage:create"))
        form = page.locator("form.organisation-form")
        form.locator("[name='name']").fill(ORG_NAME)
        form.locator("[name='welfare_area']").select_option(value=str(area().pk))
        form.locator("[name='welfare_area']").focus()
        page.keyboard.press("Tab")
        submit_and_wait(page, page.locator(":focus"))
        assert urlparse(page.url).fragment == "field-municipalities"
        assert page.evaluate("document.activeElement.id") == "field-municipalities"
        first = Municipality.objects.filter(welfare_area=area()).order_by("name_fi").first()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.value") == str(first.pk)
        assert page.locator("[name='name']").input_value() == ORG_NAME
    finally:
        context.close()


# 2. A coordinator approves it ----------------------------------------------------------------


def test_coordinator_approves_the_organisation_from_the_queue(page, live_server, mailoutbox):
    admin = make_user("puheenjohtaja@example.com")
    organisation = submitted_organisation(admin)
    coordinator = make_coordinator("koordinaattori@example.com", "keski-suomi")
    log_in_with_session(page, live_server, coordinator)

    page.goto(url(live_server, "coordinate:dashboard"))
    assert path_of(page.url) == path_of(url(live_server, "coordinate:dashboard"))
    axe_check(page)
    subnav = page.get_by_role("navigation", name=fi("Coordinator pages"))
    submit_and_wait(page, subnav.get_by_role("link", name=fi("Review queue")))
    assert path_of(page.url) == path_of(url(live_server, "coordinate:queue"))
    axe_check(page)

    submit_and_wait(page, page.get_by_role("link", name=ORG_NAME))
    assert path_of(page.url) == path_of(url(live_server, "coordinate:review", pk=organisation.pk))
    assert ORG_NAME in page.get_by_role("heading", level=1).inner_text()
    axe_check(page)

    approve = page.locator("form.decision", has=page.locator("input[value='approve']"))
    submit_and_wait(page, approve.get_by_role("button", name=fi("Approve")))
    assert path_of(page.url) == path_of(url(live_server, "coordinate:queue"))
    assert (
        fi("%(name)s was approved.") % {"name": f"\u2068{ORG_NAME}\u2069"}
        in page.locator("main").inner_text()
    )
    assert page.get_by_role("link", name=ORG_NAME).count() == 0, "still in the queue"
    axe_check(page)

    organisation.refresh_from_db()
    assert organisation.status == Status.PUBLISHED
    assert [message.to for message in mailoutbox] == [[admin.email]]


# 3. A resident finds it ----------------------------------------------------------------------


@pytest.fixture
def directory(db):
    """The approved organisation and one other association elsewhere, in another sector."""
    admin = make_user("puheenjohtaja@example.com")
    coordinator = make_coordinator("koordinaattori@example.com", "keski-suomi")
    organisation = submitted_organisation(admin)
    review.organisation_approve(organisation=organisation, user=coordinator)
    other = OrganisationFactory(
        name="Jyväskylän Nuorisoseura ry",
        municipalities=[municipality("179")],
        categories=[Category.YOUTH],
        description_fi="Nuorten harrastuksia ja vertaistukea koulun jälkeen.",
    )
    organisation.refresh_from_db()
    return organisation, other


def wait_for_htmx(page) -> None:
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def result_names(page) -> list[str]:
    return page.locator("#directory-results .org-card__name").all_inner_texts()


def search(page, words: str) -> None:
    form = page.locator("form.directory")
    form.get_by_role("searchbox", name=fi("Search organisations")).fill(words)
    form.locator("[role='search'] button[type='submit']").click()


def test_resident_finds_the_organisation_with_inflected_words(page, live_server, directory):
    organisation, _other = directory
    # From the home page's search for residents ...
    page.goto(url(live_server, "home"))
    axe_check(page)
    home_search = page.get_by_role("search").filter(has=page.locator("#home-q"))
    home_search.get_by_role("searchbox", name=fi("What are you looking for?")).fill(
        "muistisairaiden"
    )
    submit_and_wait(page, home_search.get_by_role("button", name=fi("Search")))
    # The home page's box is the residents' search over every kind (search:search) ...
    assert path_of(page.url) == path_of(url(live_server, "search:search"))
    assert parse_qs(urlparse(page.url).query)["q"] == ["muistisairaiden"]
    assert ORG_NAME in page.locator(".search-result__title").all_inner_texts()
    axe_check(page)
    # ... and the directory has the same Finnish matching.
    page.goto(url(live_server, "organisations:list") + "?q=muistisairaiden")
    assert ORG_NAME in result_names(page)
    main_menu = page.get_by_role("navigation", name=fi("Main menu"))
    current = main_menu.locator("[aria-current='page']")
    assert current.inner_text() == fi("Organisation directory")
    axe_check(page)

    # ... and on in the directory, where htmx brings the results.
    for words in ["vertaistuki", "muistisairaiden"]:
        with page.expect_response(lambda r: "q=" in r.url):
            search(page, words)
        page.wait_for_function(
            "q => new URLSearchParams(location.search).get('q') === q", arg=words
        )
        wait_for_htmx(page)
        assert ORG_NAME in result_names(page), f"{words!r} does not find {ORG_NAME}"
        axe_check(page)

    submit_and_wait(page, page.get_by_role("link", name=ORG_NAME))
    assert path_of(page.url) == path_of(
        url(live_server, "organisations:detail", slug=organisation.slug)
    )
    headings = page.get_by_role("heading", level=1)
    assert headings.count() == 1
    assert headings.inner_text() == ORG_NAME
    assert "vertaistukiryhmä" in page.locator("main").inner_text()
    axe_check(page)


def test_directory_has_no_horizontal_scroll_at_320_px(mobile_page, live_server, directory):
    page = mobile_page
    page.goto(url(live_server, "organisations:list") + "?q=muistisairaiden")
    assert ORG_NAME in result_names(page)
    no_sideways_scroll(page)
    axe_check(page)


def test_facet_checkbox_updates_the_results_with_htmx(page, live_server, directory):
    _organisation, other = directory
    page.goto(url(live_server, "organisations:list") + "?q=vertaistuki")
    assert sorted(result_names(page)) == sorted([ORG_NAME, other.name])
    document_id = page.evaluate("() => (window.__marker = Math.random())")

    facet = page.locator(f"#facet-category-{Category.OLDER_PEOPLE}")
    with page.expect_response(
        lambda r: "category=" in r.url and r.request.headers.get("hx-request")
    ):
        facet.check()
    wait_for_htmx(page)
    assert result_names(page) == [ORG_NAME]
    assert page.locator(f"#facet-category-{Category.OLDER_PEOPLE}").is_checked()
    # Same document (no page load), address updated for sharing and the back button.
    assert page.evaluate("() => window.__marker") == document_id
    params = parse_qs(urlparse(page.url).query)
    assert params["category"] == [Category.OLDER_PEOPLE]
    assert params["q"] == ["vertaistuki"]
    status = page.locator("#result-status")
    with translation.override("fi"):
        expected_status = ngettext(
            "%(counter)s organisation found", "%(counter)s organisations found", 1
        ) % {"counter": 1}
    assert status.inner_text() == expected_status
    axe_check(page)


def test_facet_filter_works_without_javascript(browser, page, live_server, directory):
    """Search and filter with JavaScript off. axe needs JavaScript, so each page reached is
    scanned again at the same address in the ordinary (JavaScript) page."""
    _organisation, other = directory
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="fi-FI", java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    try:
        no_js = context.new_page()
        no_js.goto(url(live_server, "organisations:list"))
        form = no_js.locator("form.directory")
        form.get_by_role("searchbox", name=fi("Search organisations")).fill("vertaistuki")
        submit_and_wait(no_js, form.locator("[role='search'] button[type='submit']"))
        assert sorted(result_names(no_js)) == sorted([ORG_NAME, other.name])
        page.goto(no_js.url)
        axe_check(page)

        form = no_js.locator("form.directory")
        form.locator(f"#facet-category-{Category.YOUTH}").check()
        submit_and_wait(no_js, form.get_by_role("button", name=fi("Apply filters")))
        params = parse_qs(urlparse(no_js.url).query)
        assert params["category"] == [Category.YOUTH]
        assert params["q"] == ["vertaistuki"]
        assert result_names(no_js) == [other.name]
        assert no_js.locator(f"#facet-category-{Category.YOUTH}").is_checked()
        page.goto(no_js.url)
        axe_check(page)
    finally:
        context.close()


def test_filters_fold_away_on_a_phone(mobile_page, live_server, directory):
    page = mobile_page
    _organisation, other = directory
    page.goto(url(live_server, "organisations:list") + "?q=vertaistuki")
    assert page.get_by_role("button", name=fi("Show filters")).count() == 1
    toggle = page.locator(".facet__toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator("#filter-options").is_hidden()
    # With the filters folded, the results follow right after the button.
    first_result = page.locator("#directory-results .org-card__name").first
    button_box = toggle.bounding_box()
    gap = first_result.bounding_box()["y"] - (button_box["y"] + button_box["height"])
    assert 0 < gap < 150, f"the first result is {gap:.0f}px below the filter button"
    axe_check(page)

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert toggle.inner_text() == fi("Hide filters")
    facet = page.locator(f"#facet-category-{Category.YOUTH}")
    with page.expect_response(lambda r: "category=" in r.url):
        facet.check()
    wait_for_htmx(page)
    assert result_names(page) == [other.name]
    # New results swapped in: the filters stay open, the box stays checked.
    assert page.locator("#filter-options").is_visible()
    assert page.locator(f"#facet-category-{Category.YOUTH}").is_checked()
    axe_check(page)

    page.get_by_role("button", name=fi("Hide filters")).click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator("#filter-options").is_hidden()
    with translation.override("fi"):
        one_chosen = ngettext("{count} chosen", "{count} chosen", 1).replace("{count}", "1")
    assert f"({one_chosen})" in toggle.inner_text()


def test_filters_are_shown_on_a_wide_screen(page, live_server, directory):
    page.goto(url(live_server, "organisations:list") + "?q=vertaistuki")
    assert page.locator("#filter-options").is_visible()
    assert page.locator(".facet__toggle").count() == 0


def test_searching_again_is_one_request_and_back_restores_the_search(page, live_server, directory):
    """Searching again on the results page: one request, one history entry; Back brings the
    earlier words, results and title back together."""
    _organisation, other = directory
    page.goto(url(live_server, "organisations:list") + "?q=nuorten")
    assert result_names(page) == [other.name]
    first_title = page.title()
    assert "nuorten" in first_title
    history_length = page.evaluate("history.length")
    list_path = path_of(url(live_server, "organisations:list"))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if list_path in r.url else None)

    box = page.get_by_role("searchbox", name=fi("Search organisations"))
    box.fill("muistisairaiden")
    with page.expect_response(lambda r: "q=muistisairaiden" in r.url):
        box.press("Enter")
    wait_for_htmx(page)
    page.wait_for_timeout(300)  # a second request, if one were sent, would have started

    assert len(requests) == 1, requests
    assert page.evaluate("history.length") == history_length + 1
    assert result_names(page) == [ORG_NAME]
    assert "muistisairaiden" in page.title()
    assert parse_qs(urlparse(page.url).query)["q"] == ["muistisairaiden"]

    page.go_back()
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'nuorten'")
    wait_for_htmx(page)
    assert box.input_value() == "nuorten"
    assert result_names(page) == [other.name]
    assert page.title() == first_title

    page.go_forward()
    page.wait_for_function("() => document.title.includes('muistisairaiden')")
    assert box.input_value() == "muistisairaiden"
    assert result_names(page) == [ORG_NAME]
    axe_check(page)

    # Without htmx's saved copy (storage full or cleared) Back loads the whole page again.
    page.evaluate("localStorage.clear()")
    page.go_back()
    page.wait_for_function("() => document.title.includes('nuorten')")
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    assert box.input_value() == "nuorten"
    assert result_names(page) == [other.name]


def test_phone_filters_put_each_box_beside_its_label(mobile_page, live_server, directory):
    page = mobile_page
    page.goto(url(live_server, "organisations:list", lang="sv") + "?q=vertaistuki")
    page.locator(".facet__toggle").click()
    for option in page.locator(".facet__options li").all()[:12]:
        box = option.locator("input").bounding_box()
        label = option.locator("label").bounding_box()
        assert box["x"] + box["width"] <= label["x"], "the box should be left of its label"
        assert abs(box["y"] - label["y"]) < 12, "the box should be level with the label's top"
    for facet in page.locator("fieldset.facet").all():
        legend = facet.locator("legend").bounding_box()
        border = facet.bounding_box()
        assert legend["y"] > border["y"], "the legend should be inside the box, not on its border"
        assert legend["x"] + legend["width"] <= border["x"] + border["width"]
