"""Template helpers of the public directory.

The directory's facet options (about a hundred checkboxes) and result cards are rendered here in
Python rather than with template loops: the same markup at a fraction of the cost per request.
"""

from __future__ import annotations

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, npgettext
from django.utils.translation import gettext as _

from ..models import Category, Role, ServiceKind, ServiceLanguage

register = template.Library()

CHOICES = {
    "category": Category,
    "role": Role,
    "language": ServiceLanguage,
    "service_kind": ServiceKind,
}
SLUG_PLACEHOLDER = "slug-placeholder"
_detail_url_parts: dict[tuple[str, str, object], tuple[str, str]] = {}


@register.filter
def choice_labels(values, kind: str) -> list[str]:
    """The display labels of stored choice values: {{ org.categories|choice_labels:"category" }}."""
    choices = dict(CHOICES[kind].choices)
    return [str(choices[value]) for value in values or [] if value in choices]


def _detail_url_prefix() -> tuple[str, str]:
    """The organisation page's URL around the slug, reversed once per language (and script
    prefix and URLconf)."""
    key = (get_language() or "", get_script_prefix(), get_urlconf())
    parts = _detail_url_parts.get(key)
    if parts is None:
        url = reverse("organisations:detail", kwargs={"slug": SLUG_PLACEHOLDER})
        before, _sep, after = url.partition(SLUG_PLACEHOLDER)
        parts = _detail_url_parts[key] = (before, after)
    return parts


def _counted_noun(count: int) -> SafeString:
    """ "organisations" after a facet's count for screen readers, in the count's plural form
    (Finnish "111 järjestöä", Swedish "1 organisation")."""
    noun = npgettext("facet count", "organisation", "organisations", count)
    return format_html('<span class="visually-hidden"> {}</span>', noun)


@register.simple_tag
def directory_facets(facets) -> SafeString:
    """The facet fieldsets of the directory form (one checkbox per option, its count)."""
    if not facets:
        return format_html("<p>{}</p>", _("No filters for these results."))
    parts: list[str] = []
    for facet in facets:
        param = conditional_escape(facet.param)
        parts.append(
            f'<fieldset class="facet facet--{param}">\n'
            f"  <legend>{conditional_escape(facet.legend)}</legend>\n"
            '  <ul class="facet__options">\n'
        )
        for option in facet.options:
            value = conditional_escape(option.value)
            checked = " checked" if option.selected else ""
            parts.append(
                f'    <li>\n      <input type="checkbox" name="{param}" value="{value}"\n'
                f'             id="facet-{param}-{value}"{checked}>\n'
                f'      <label for="facet-{param}-{value}">{conditional_escape(option.label)}\n'
                f'        <span class="facet__count">({int(option.count)}'
                f"{_counted_noun(int(option.count))})</span>"
                "</label>\n    </li>\n"
            )
        parts.append("  </ul>\n</fieldset>\n")
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)


@register.simple_tag
def directory_cards(cards) -> SafeString:
    """The result cards (search.Card) as the <li> elements of the result list."""
    before, after = _detail_url_prefix()
    where, sector, for_whom = _("Where"), _("Sector"), _("For whom")
    categories = {value: str(label) for value, label in Category.choices}
    parts: list[str] = []
    esc = conditional_escape
    for card in cards:
        url = esc(f"{before}{card.slug}{after}")
        parts.append(
            '<li class="org-card">\n'
            f'  <h3 class="org-card__name"><a href="{url}">{esc(card.public_name)}</a></h3>\n'
        )
        if card.display_name:
            parts.append(f'  <p class="org-card__official">{esc(card.name)}</p>\n')
        if card.summary:
            summary = esc(Truncator(card.summary).words(40, truncate=" …"))
            lang = f' lang="{esc(card.summary_lang)}"' if card.summary_lang else ""
            parts.append(f'  <p class="org-card__summary"{lang}>{summary}</p>\n')
        parts.append('  <dl class="org-card__meta">\n')
        if card.municipalities:
            names = ", ".join(esc(name) for name in card.municipalities)
            parts.append(f"    <dt>{esc(where)}</dt>\n    <dd>{names}</dd>\n")
        elif card.welfare_area:
            parts.append(f"    <dt>{esc(where)}</dt>\n    <dd>{esc(card.welfare_area)}</dd>\n")
        labels = [categories[c] for c in card.categories if c in categories]
        if labels:
            names = ", ".join(esc(label) for label in labels)
            parts.append(f"    <dt>{esc(sector)}</dt>\n    <dd>{names}</dd>\n")
        if card.target_groups:
            names = ", ".join(esc(name) for name in card.target_groups)
            parts.append(f"    <dt>{esc(for_whom)}</dt>\n    <dd>{names}</dd>\n")
        parts.append("  </dl>\n</li>\n")
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)
