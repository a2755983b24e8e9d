"""The export's taxonomy: the portal's target groups and themes (with their YSO ids) and the
kinds of activity and of service, and the attributes that link an object to their terms."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from meetingplaces.models.activities import ActivityKind
from taxonomy.models import ServiceKind, Term

from ..common import api_path, api_url
from .parts import child_id, clean, text, uid


def taxonomies(lang: str) -> list[dict[str, Any]]:
    described = [
        (
            "target_group",
            _("Yhdessä target groups"),
            _("The portal's target groups, linked to YSO concepts where known."),
        ),
        (
            "theme",
            _("Yhdessä themes"),
            _("The portal's themes, linked to YSO concepts where known."),
        ),
        (
            "activity_kind",
            _("Kinds of activity"),
            _("What kind of activity an association offers."),
        ),
        (
            "service_kind",
            _("Kinds of social and health services"),
            _("Social and health services that associations produce."),
        ),
    ]
    terms_url = api_url("terms")
    return [
        {"id": taxonomy_id(kind), "name": name, "description": description, "uri": terms_url}
        for kind, name, description in described
    ]


def taxonomy_id(kind: str) -> str:
    return uid(api_path("terms"), f"taxonomy/{kind}")


def term_id(kind: str, code: str) -> str:
    return uid(api_path("terms"), f"{kind}/{code}")


def taxonomy_terms(terms: list[Term], lang: str) -> list[dict[str, Any]]:
    rows = []
    for term in terms:
        name = text(term, "name", lang)
        description = str(term.Kind(term.kind).label) + ": " + name
        if term.yso_id:
            description += f" (YSO {term.yso_id})"
        rows.append(
            clean(
                {
                    "id": term_id(term.kind, term.slug),
                    "code": term.slug,
                    "name": name,
                    "description": description,
                    "taxonomy_id": taxonomy_id(term.kind),
                    "language": lang,
                    "term_uri": term.yso_url,
                }
            )
        )
    for kind, choices in (("activity_kind", ActivityKind), ("service_kind", ServiceKind)):
        for value, label in choices.choices:
            rows.append(
                {
                    "id": term_id(kind, value),
                    "code": value,
                    "name": str(label),
                    "description": str(label),
                    "taxonomy_id": taxonomy_id(kind),
                    "language": lang,
                }
            )
    return rows


def attributes(owner_id: str, entity: str, links: list[tuple[str, str, str]]) -> list[dict]:
    """`links`: (link_type, taxonomy kind, term code)."""
    return [
        {
            "id": child_id(owner_id, f"attribute/{link_type}/{code}"),
            "link_id": owner_id,
            "link_type": link_type,
            "link_entity": entity,
            "taxonomy_term_id": term_id(kind, code),
        }
        for link_type, kind, code in links
    ]


def term_links(themes, groups) -> list[tuple[str, str, str]]:
    return [("theme", "theme", t.slug) for t in themes] + [
        ("target_group", "target_group", t.slug) for t in groups
    ]
