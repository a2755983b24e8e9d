"""The directory reads organisations from search entries: write the entries of the organisations
already saved (the services keep them current from now on).

The migration carries the code it runs, on the models as they were here (organisations.search's
entry builder of the time: the app's code of today may name columns that do not exist yet). It
uses only search.text, this app's pure functions of text, for the compound parts and folded
forms of the keywords.
"""

from django.conf import settings
from django.db import migrations
from django.utils import translation

from search.text import WORD_RE, index_terms

KIND = "organisation"
CODES = [code for code, _name in settings.LANGUAGES]


def _values(obj, field: str) -> dict[str, str]:
    return {code: getattr(obj, f"{field}_{code}", "") or "" for code in CODES}


def _names(obj) -> dict[str, str]:
    return {code: text for code, text in _values(obj, "name").items() if text}


def _category_words(labels: dict[str, str], category: str) -> str:
    """A sector's name in every interface language."""
    if category not in labels:
        return ""
    names: list[str] = []
    for code in CODES:
        with translation.override(code):
            name = translation.gettext(labels[category])
        if name not in names:
            names.append(name)
    return " ".join(names)


def _entry(
    SearchEntry, organisation, labels, *, municipalities, target_groups, themes, networks,
    welfare_area,
):  # fmt: skip
    terms = [*target_groups, *themes]
    extra = " ".join(
        part
        for part in [
            index_terms(
                organisation.name,
                organisation.display_name,
                organisation.summary_fi,
                organisation.description_fi,
            ),
            " ".join(m.name_fi for m in municipalities),
            " ".join(t.name_fi for t in terms),
            " ".join(m.name_sv for m in municipalities if m.name_sv and m.name_sv != m.name_fi),
            " ".join(name for t in terms for name in (t.name_sv, t.name_en) if name),
            " ".join(_category_words(labels, c) for c in organisation.categories),
        ]
        if part
    )
    keys = [f"cat:{c}" for c in organisation.categories]
    keys += [f"mun:{m.code}" for m in municipalities]
    keys += [f"tg:{t.slug}" for t in target_groups]
    keys += [f"th:{t.slug}" for t in themes]
    keys += [f"lang:{code}" for code in organisation.languages]
    keys += [f"net:{n.slug}" for n in networks]
    keys.append(f"svc:{'yes' if organisation.produces_services else 'no'}")
    if welfare_area is not None:
        keys.append(f"area:{welfare_area.slug}")
    home = municipalities[0] if municipalities else None
    summaries = _values(organisation, "summary")
    descriptions = _values(organisation, "description")
    return SearchEntry(
        kind=KIND,
        object_id=organisation.pk,
        welfare_area_id=organisation.welfare_area_id,
        title=organisation.name,
        subtitle=organisation.display_name,
        keywords=" ".join(filter(None, [organisation.summary_fi, extra, index_terms(extra)])),
        **{
            f"body_{code}": "\n".join(
                filter(None, [summaries[code] if code != "fi" else "", descriptions[code]])
            )
            for code in CODES
        },
        facet_keys=sorted(set(keys)),
        latitude=float(home.latitude) if home else None,
        longitude=float(home.longitude) if home else None,
        card={
            "slug": organisation.slug,
            "name": organisation.name,
            "display_name": organisation.display_name,
            "summary": {code: text for code, text in summaries.items() if text},
            "categories": list(organisation.categories),
            "area": _names(welfare_area) if welfare_area else {},
            "municipalities": [_names(m) for m in municipalities],
            "target_groups": [_names(t) for t in target_groups],
        },
    )


def build(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    WelfareArea = apps.get_model("areas", "WelfareArea")
    SearchEntry = apps.get_model("search", "SearchEntry")
    SearchFacet = apps.get_model("search", "SearchFacet")
    SearchWord = apps.get_model("search", "SearchWord")
    labels = dict(Organisation._meta.get_field("categories").base_field.choices)
    areas = {area.pk: area for area in WelfareArea.objects.all()}
    organisations = (
        Organisation.objects.filter(status="published", merged_into__isnull=True)
        .prefetch_related("municipalities", "target_groups", "themes", "networks")
        .order_by("pk")
    )
    entries, words = [], set()
    for organisation in organisations.iterator(chunk_size=2000):
        municipalities = list(organisation.municipalities.all())
        target_groups = list(organisation.target_groups.all())
        themes = list(organisation.themes.all())
        entry = _entry(
            SearchEntry,
            organisation,
            labels,
            municipalities=municipalities,
            target_groups=target_groups,
            themes=themes,
            networks=list(organisation.networks.all()),
            welfare_area=areas.get(organisation.welfare_area_id),
        )
        entries.append(entry)
        named = [*municipalities, *target_groups, *themes]
        for text in [entry.title, entry.subtitle, *(n for o in named for n in _names(o).values())]:
            words.update(w.lower() for w in WORD_RE.findall(text or "") if 4 <= len(w) <= 60)
    SearchEntry.objects.filter(kind=KIND).delete()
    SearchEntry.objects.bulk_create(entries, batch_size=1000)
    counts: dict[str, int] = {}
    for entry in entries:
        for key in [*entry.facet_keys, "*"]:
            counts[key] = counts.get(key, 0) + 1
    SearchFacet.objects.filter(kind=KIND).delete()
    SearchFacet.objects.bulk_create(
        [SearchFacet(kind=KIND, key=key, count=n) for key, n in sorted(counts.items())]
    )
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in sorted(words)], ignore_conflicts=True
    )


def remove(apps, schema_editor):
    apps.get_model("search", "SearchEntry").objects.filter(kind="organisation").delete()
    apps.get_model("search", "SearchFacet").objects.filter(kind="organisation").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_entries"),
        ("organisations", "0003_search_in_every_language"),
    ]

    operations = [migrations.RunPython(build, remove, elidable=True)]
