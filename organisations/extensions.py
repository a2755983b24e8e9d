"""What apps above organisations add to an organisation, registered from their AppConfig.ready()
(meetingplaces does), so that organisations imports none of them (tests/test_import_graph.py):

- a section of the organisation's public page (its activities and meeting places), rendered into
  the page's cached article and rendered anew when the section's generation (a cache value the
  app changes after its data changes) is no longer the one the article was rendered at;
- what follows a change of the organisation's search entry (its activities are public only
  while it is, and their entries name it);
- a section of the members' dashboard ("My organisations"), e.g. the contact requests the
  organisations of the user received (guidance);
- a section of an organisation's members page, e.g. the data sources the admins authorise to
  write the organisation's data (api).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PageSection:
    # The section's HTML (autoescaped by the app's template) from the organisation's id and slug.
    render: Callable[[int, str], str]
    # The cache key of the organisation's current generation of the section.
    generation_key: Callable[[int], str]


PAGE_SECTIONS: list[PageSection] = []
SEARCH_FOLLOWERS: list[Callable[..., None]] = []
DASHBOARD_SECTIONS: list[Callable[..., str]] = []
MEMBERS_SECTIONS: list[Callable[..., str]] = []


def register_page_section(section: PageSection) -> None:
    if section not in PAGE_SECTIONS:
        PAGE_SECTIONS.append(section)


def register_search_follower(func: Callable[..., None]) -> None:
    """`func(organisation)` runs after the organisation's own search entry is refreshed."""
    if func not in SEARCH_FOLLOWERS:
        SEARCH_FOLLOWERS.append(func)


def register_dashboard_section(func: Callable[..., str]) -> None:
    """`func(request, organisations)` returns the HTML of a dashboard section ("" for none);
    `organisations` are the user's own (their memberships')."""
    if func not in DASHBOARD_SECTIONS:
        DASHBOARD_SECTIONS.append(func)


def register_members_section(func: Callable[..., str]) -> None:
    """`func(request, organisation)` returns the HTML of a section of the organisation's members
    page ("" for none); the page is for its admins, the area's coordinators and staff."""
    if func not in MEMBERS_SECTIONS:
        MEMBERS_SECTIONS.append(func)
