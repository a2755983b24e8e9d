"""The knowledge page's tables and charts, built from `figures.page_numbers` in the reader's
language. Every chart draws a column of the table shown beside it; the CSV download of a
table writes the same rows (views.table_csv)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from forums.models import Channel
from taxonomy.models import Term

from . import charts, sources
from .figures import Period
from .geo import populations


@dataclass
class Column:
    key: str
    label: str
    decimals: int = 0


@dataclass
class Table:
    slug: str
    title: str
    first: str  # the first column's heading (what a row is)
    columns: list[Column]
    rows: list[tuple[str, dict]] = field(default_factory=list)
    charts: list[SafeString] = field(default_factory=list)
    note: str = ""

    def display_rows(self) -> list[tuple[str, list[str]]]:
        return [
            (label, [_display(values.get(c.key), c.decimals) for c in self.columns])
            for label, values in self.rows
        ]

    def bar(self, key: str, label: str, decimals: int = 0) -> SafeString:
        """A bar chart of one column over the table's rows (no value: 0)."""
        bars = [(row, values.get(key) or 0) for row, values in self.rows]
        return charts.bar_chart(bars, label=label, decimals=decimals)

    def csv_rows(self) -> list[list]:
        return [
            [label, *(_raw(values.get(c.key), c.decimals) for c in self.columns)]
            for label, values in self.rows
        ]


def _display(value, decimals: int) -> str:
    if value is None:
        return "–"
    return charts.number(value, decimals)


def _raw(value, decimals: int):
    if value is None:
        return ""
    return int(value) if not decimals else f"{value:.{decimals}f}"


def per_10k(value: float, population: int | None) -> float | None:
    return value * 10_000 / population if population else None


def share(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def build_tables(
    numbers: dict,
    *,
    period: Period,
    municipalities: list,
    terms: Mapping[int, Term],
    selected=None,
) -> list[Table]:
    """`municipalities`: the area's Municipality rows (all of them, for the map); `terms`:
    {term id: Term} of the themes; `selected`: the chosen Municipality or None."""
    population = populations()
    shown = [m for m in municipalities if selected is None or m.pk == selected.pk]
    names = {m.pk: m.localised_name() for m in municipalities}
    offer, attendance = numbers["offer"], numbers["attendance"] or {}
    weeks = period.weeks
    whole_population = sum(population.get(m.code, 0) for m in shown)
    tables: list[Table] = []

    # Offer by municipality
    offer_rows = []
    for m in shown:
        values = offer["municipality"].get(m.pk, {})
        people = population.get(m.code)
        activities = values.get("activities", 0)
        hours = values.get("minutes", 0) / 60 / weeks
        places = numbers["places"].get(m.pk, 0)
        offer_rows.append(
            (
                names[m.pk],
                m.code,
                {
                    "population": people,
                    "activities": activities,
                    "activities_10k": per_10k(activities, people),
                    "hours": hours,
                    "hours_10k": per_10k(hours, people),
                    "seats": values.get("seats", 0) / weeks,
                    "places": places,
                    "places_10k": per_10k(places, people),
                },
            )
        )
    online = offer["municipality"].get(None)
    table = Table(
        "offer-municipality",
        _("Offer by municipality"),
        _("Municipality"),
        [
            Column("population", _("Residents (end of 2020)")),
            Column("activities", _("Activities")),
            Column("activities_10k", _("Activities per 10,000 residents"), 1),
            Column("hours", _("Hours a week"), 1),
            Column("hours_10k", _("Hours a week per 10,000 residents"), 1),
            Column("seats", _("Seats a week"), 1),
            Column("places", _("Meeting places")),
            Column("places_10k", _("Meeting places per 10,000 residents"), 1),
        ],
        [(label, values) for label, _code, values in offer_rows],
    )
    if online and selected is None:
        table.rows.append(
            (
                _("Online (no municipality)"),
                {
                    "activities": online["activities"],
                    "hours": online["minutes"] / 60 / weeks,
                    "seats": online["seats"] / weeks,
                },
            )
        )
    values_by_code = {code: values["activities_10k"] for _label, code, values in offer_rows}
    table.charts = [
        charts.map_chart(
            {m.code: values_by_code.get(m.code) for m in municipalities},
            {m.code: names[m.pk] for m in municipalities},
            label=_("Map: activities per 10,000 residents by municipality"),
            selected=selected.code if selected else "",
        ),
        charts.bar_chart(
            [(label, values["activities_10k"] or 0) for label, _code, values in offer_rows],
            label=_("Bar chart: activities per 10,000 residents by municipality"),
            decimals=1,
        ),
    ]
    tables.append(table)

    # Offer and use by theme
    theme_rows = []
    for term_id, values in offer["theme"].items():
        label = str(terms[term_id]) if term_id in terms else _("No theme")
        theme_rows.append(
            (
                label,
                {
                    "activities": values["activities"],
                    "activities_10k": per_10k(values["activities"], whole_population),
                    "hours": values["minutes"] / 60 / weeks,
                    "seats": values["seats"] / weeks,
                    "places": values["places_used"],
                    "visits": values["visits"] if attendance else None,
                    "signups": values["signups"],
                    "waiting": values["waiting"],
                    "full_dates": values["full_dates"],
                },
            )
        )
    theme_rows.sort(key=lambda row: (-row[1]["activities"], row[0]))
    table = Table(
        "theme",
        _("Offer and use by theme"),
        _("Theme"),
        [
            Column("activities", _("Activities")),
            Column("activities_10k", _("Activities per 10,000 residents"), 1),
            Column("hours", _("Hours a week"), 1),
            Column("seats", _("Seats a week"), 1),
            Column("places", _("Meeting places used")),
            Column("visits", _("Visits")),
            Column("signups", _("Sign-ups")),
            Column("waiting", _("On a waiting list")),
            Column("full_dates", _("Full dates")),
        ],
        theme_rows,
        note=_("An activity with two themes counts under both."),
    )
    table.charts = [table.bar("activities", _("Bar chart: activities by theme"))]
    tables.append(table)

    # Use by municipality
    use_rows = []
    keys = [m.pk for m in shown] + ([None] if selected is None else [])
    for key in keys:
        values = offer["municipality"].get(key, {})
        used = attendance.get("municipality", {}).get(key, {})
        if key is None and not values and not used:
            continue
        label = names[key] if key else _("Online (no municipality)")
        m = next((m for m in shown if m.pk == key), None)
        visits = used.get("visits") if attendance else None
        use_rows.append(
            (
                label,
                {
                    "dates_held": values.get("dates_held", 0),
                    "dates_cancelled": values.get("dates_cancelled", 0),
                    "visits": visits,
                    "visits_10k": per_10k(visits or 0, population.get(m.code))
                    if m and attendance
                    else None,
                    "participants": used.get("participants") if attendance else None,
                    "signups": values.get("signups", 0),
                    "waiting": values.get("waiting", 0),
                    "full_dates": values.get("full_dates", 0),
                    "full_share": share(values.get("full_dates", 0), values.get("dates_held", 0)),
                },
            )
        )
    table = Table(
        "use-municipality",
        _("Use by municipality"),
        _("Municipality"),
        [
            Column("dates_held", _("Dates held")),
            Column("dates_cancelled", _("Dates cancelled")),
            Column("visits", _("Visits")),
            Column("visits_10k", _("Visits per 10,000 residents"), 1),
            Column("participants", _("Participants")),
            Column("signups", _("Sign-ups")),
            Column("waiting", _("On a waiting list")),
            Column("full_dates", _("Full dates")),
            Column("full_share", _("Share of dates full (%)"), 1),
        ],
        use_rows,
        note="" if attendance else _("Attendance is not recorded in this portal yet."),
    )
    table.charts = [
        table.bar(
            "full_dates",
            _("Bar chart: full dates (demand the offer did not meet) by municipality"),
        )
    ]
    if attendance:
        table.charts.insert(0, table.bar("visits", _("Bar chart: visits by municipality")))
    tables.append(table)

    # Per month
    demand = numbers["demand"]
    month_rows = []
    for month in period.months():
        values = offer["month"].get(month, {})
        used = attendance.get("month", {}).get(month, {})
        searched = demand["month"].get(month, {})
        month_rows.append(
            (
                date_format(month, "YEAR_MONTH_FORMAT"),
                {
                    "dates_held": values.get("dates_held", 0),
                    "visits": used.get("visits", 0) if attendance else None,
                    "signups": values.get("signups", 0),
                    "waiting": values.get("waiting", 0),
                    "searches": searched.get("searches") or 0,
                    "empty": searched.get("empty") or 0,
                },
            )
        )
    table = Table(
        "months",
        _("Month by month"),
        _("Month"),
        [
            Column("dates_held", _("Dates held")),
            Column("visits", _("Visits")),
            Column("signups", _("Sign-ups")),
            Column("waiting", _("On a waiting list")),
            Column("searches", _("Searches")),
            Column("empty", _("Searches that found nothing")),
        ],
        month_rows,
    )
    short = [date_format(m, "m/Y") for m in period.months()]
    first_series = [(_("Dates held"), [v["dates_held"] for _l, v in month_rows])]
    if attendance:
        first_series.append((_("Visits"), [v["visits"] for _l, v in month_rows]))
    else:
        first_series.append((_("Sign-ups"), [v["signups"] for _l, v in month_rows]))
    table.charts = [
        charts.line_chart(
            short, first_series, label=_("Line chart: dates held and visits per month")
        ),
        charts.line_chart(
            short,
            [
                (_("Searches"), [v["searches"] for _l, v in month_rows]),
                (_("Found nothing"), [v["empty"] for _l, v in month_rows]),
            ],
            label=_("Line chart: searches and searches that found nothing per month"),
        ),
    ]
    tables.append(table)

    # Demand the search sees
    demand_rows = []
    for m in shown:
        values = demand["municipality"].get(m.code) or {}
        searches, empty = values.get("searches") or 0, values.get("empty") or 0
        demand_rows.append(
            (
                names[m.pk],
                {
                    "searches": searches,
                    "searches_10k": per_10k(searches, population.get(m.code)),
                    "empty": empty,
                    "empty_share": share(empty, searches),
                },
            )
        )
    unplaced = demand["municipality"].get("")
    if unplaced and selected is None:
        demand_rows.append(
            (
                _("No municipality given"),
                {
                    "searches": unplaced["searches"],
                    "empty": unplaced["empty"],
                    "empty_share": share(unplaced["empty"], unplaced["searches"]),
                },
            )
        )
    demand_columns = [
        Column("searches", _("Searches")),
        Column("empty", _("Found nothing")),
        Column("empty_share", _("Share that found nothing (%)"), 1),
    ]
    table = Table(
        "demand-municipality",
        _("Searches by municipality"),
        _("Municipality"),
        [
            demand_columns[0],
            Column("searches_10k", _("Searches per 10,000 residents"), 1),
            *demand_columns[1:],
        ],
        demand_rows,
    )
    table.charts = [
        table.bar(
            "empty_share",
            _("Bar chart: share of searches that found nothing by municipality (%)"),
            decimals=1,
        )
    ]
    tables.append(table)

    term_names = {term.slug: str(term) for term in terms.values()}
    theme_counts: list[tuple[str, int, int]] = []  # label, searches, empty
    for slug, values in demand["theme"].items():
        label = term_names.get(slug, slug) if slug else _("No theme recognised")
        theme_counts.append((label, values["searches"] or 0, values["empty"] or 0))
    theme_counts.sort(key=lambda row: (-row[1], row[0]))
    theme_demand: list[tuple[str, dict]] = [
        (label, {"searches": searches, "empty": empty, "empty_share": share(empty, searches)})
        for label, searches, empty in theme_counts
    ]
    table = Table("demand-theme", _("Searches by theme"), _("Theme"), demand_columns, theme_demand)
    table.charts = [table.bar("searches", _("Bar chart: searches by theme"))]
    tables.append(table)
    tables.append(
        Table(
            "demand-words",
            _("Words searched at least five times a day"),
            pgettext("searched words", "Words"),
            demand_columns,
            [
                (
                    row["text"],
                    {
                        "searches": row["searches"],
                        "empty": row["empty"],
                        "empty_share": share(row["empty"], row["searches"]),
                    },
                )
                for row in demand["words"]
            ],
            note=_(
                "Words fewer than five searches asked on the same day are not stored. "
                "Searches in the whole welfare area, whatever the municipality filter."
            ),
        )
    )

    # Participation
    participation = numbers["participation"]
    channel_rows = [
        (str(label), {"comments": participation["channels"].get(value, 0)})
        for value, label in Channel.choices
    ]
    table = Table(
        "participation",
        _("Participation"),
        _("What"),
        [Column("number", pgettext("count", "Number"))],
        [
            (_("Consultations open for comments"), {"number": participation["open"]}),
            (_("“You said, we did” summaries published"), {"number": participation["summaries"]}),
            *(
                (_("Comments: %(channel)s") % {"channel": label}, {"number": v["comments"]})
                for label, v in channel_rows
            ),
        ],
        note=_("Consultations are the whole welfare area's, whatever the municipality filter."),
    )
    table.charts = [
        charts.bar_chart(
            [(label, v["comments"]) for label, v in channel_rows],
            label=_("Bar chart: comments by channel"),
        )
    ]
    tables.append(table)
    if numbers["guidance"] is not None:
        labels = sources.guidance_labels()
        guidance = [(labels.get(key, key), count) for key, count in numbers["guidance"]]
        table = Table(
            "guidance",
            _("Guidance requests by outcome"),
            _("Outcome"),
            [Column("number", _("Requests"))],
            [(label, {"number": count}) for label, count in guidance],
            note=_("Contact requests of the whole welfare area, whatever the municipality filter."),
        )
        table.charts = [
            charts.bar_chart(guidance, label=_("Bar chart: guidance requests by outcome"))
        ]
        tables.append(table)

    # Freshness
    fresh = numbers["freshness"]
    tables.append(
        Table(
            "freshness",
            _("Freshness"),
            _("What"),
            [Column("old", pgettext("count", "Number")), Column("all", _("Of all published"))],
            [
                (
                    _("Organisations not confirmed in 12 months"),
                    {"old": fresh["organisations"], "all": None},
                ),
                (
                    _("Meeting places not updated in a year"),
                    {"old": fresh["places"]["old"], "all": fresh["places"]["n"]},
                ),
                (
                    _("Activities not updated in a year"),
                    {"old": fresh["activities"]["old"], "all": fresh["activities"]["n"]},
                ),
            ],
        )
    )
    return tables


def term_map(numbers: dict) -> set:
    """The theme ids and slugs the numbers name (to load their Terms in one query)."""
    return {key for key in numbers["offer"]["theme"] if key}
