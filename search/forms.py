"""GET parameters of the residents' search, validated into a search.residents.ResidentsQuery.

A plain form, like the directory's (organisations/filters.py): the search runs on the shared
search entries in SQL of its own, not on a queryset, so a FilterSet would have nothing to
filter. A bad value gets its error next to its field and is left out of the search; what was
typed stays in the field.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django import forms
from django.apps import apps
from django.core.cache import cache
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.lib.translation import fallback_chain, localised

from . import residents
from .text import fold

HELSINKI = ZoneInfo("Europe/Helsinki")
# A browser location is used only inside Finland (degrees, WGS84).
FINLAND_LATITUDE = (59.5, 70.2)
FINLAND_LONGITUDE = (19.0, 31.7)
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
MAX_DAYS = 366
HORIZON_DAYS = 2 * 366


class ValueListField(forms.Field):
    """Repeated GET parameters (?theme=a&theme=b) of one shape."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        values = [value] if isinstance(value, str) else list(value)
        values = list(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
        if len(values) > 50 or not all(SLUG_RE.match(v) for v in values):
            raise forms.ValidationError(_("Invalid value."), code="invalid")
        return values


def municipality_choices() -> list[tuple[str, str]]:
    language = fallback_chain()[0]

    def load() -> list[tuple[str, str]]:
        municipalities = apps.get_model("areas", "Municipality")._default_manager.all()
        rows = [(m.code, localised(m, "name", language)) for m in municipalities]
        return sorted(rows, key=lambda row: row[1].lower())

    rows = cache.get_or_set(f"residents:municipalities:{language}", load, 3600)
    if not isinstance(rows, list):  # not what load() makes: read them afresh
        rows = load()
    return [("", gettext("Choose a municipality")), *rows]


def reference_row(model: str, code: str):
    """A postcode (with its municipality) or a municipality by its code, or None: reference
    data, kept in the cache for an hour (a search near a place then makes no query for it)."""

    def load():
        rows = apps.get_model("areas", model).objects
        if model == "Postcode":
            rows = rows.select_related("municipality")
        return rows.filter(code=code).first() or False

    return cache.get_or_set(f"residents:{model.lower()}:{code}", load, 3600) or None


# The orders of the results, also the page's sort links (search.views).
SORT_CHOICES = [("", _("Best match")), ("date", _("Soonest")), ("distance", _("Nearest"))]


class ResidentsSearchForm(forms.Form):
    q = forms.CharField(max_length=200, required=False, label=_("What are you looking for?"))
    postcode = forms.CharField(max_length=5, required=False, label=_("Postcode"))
    municipality = forms.ChoiceField(required=False, label=_("or municipality"))
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    radius = forms.TypedChoiceField(
        choices=[(r, f"{r} km") for r in residents.RADIUS_CHOICES],
        coerce=int,
        required=False,
        initial=residents.DEFAULT_RADIUS,
        label=_("Distance"),
    )
    when = forms.ChoiceField(
        choices=[
            ("", _("Any time")),
            ("today", _("Today")),
            ("tomorrow", _("Tomorrow")),
            ("weekend", _("This weekend")),
            ("week", _("Next 7 days")),
            ("next_week", _("Next week")),
            ("month", _("This month")),
            ("custom", _("Choose dates")),
        ],
        required=False,
        widget=forms.RadioSelect,
        label=_("When"),
    )
    date_from = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    day = forms.MultipleChoiceField(
        choices=[
            ("mon", _("Monday")),
            ("tue", _("Tuesday")),
            ("wed", _("Wednesday")),
            ("thu", _("Thursday")),
            ("fri", _("Friday")),
            ("sat", _("Saturday")),
            ("sun", _("Sunday")),
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Day of the week"),
    )
    time = forms.MultipleChoiceField(
        choices=[
            ("morning", _("Morning (before 12)")),
            ("afternoon", _("Afternoon (12–17)")),
            ("evening", _("Evening (from 17)")),
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Time of day"),
    )
    sort = forms.ChoiceField(
        choices=SORT_CHOICES,
        required=False,
        label=_("Order"),
    )
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)

    @property
    def days_and_times(self) -> list[forms.BoundField]:
        """The weekday and time-of-day checkboxes' fields, for the filters' two lists."""
        return [self["day"], self["time"]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read (from the cache) only to check a chosen municipality: the page's select is a
        # template fragment kept per language and chosen municipality (search.html).
        self.fields["municipality"].choices = municipality_choices
        for name in residents.FACET_PREFIXES:
            self.fields[name] = ValueListField(required=False)

    def clean_postcode(self):
        code = (self.cleaned_data.get("postcode") or "").strip()
        if not code:
            return None
        if not re.fullmatch(r"\d{5}", code):
            raise forms.ValidationError(
                _("Enter a postcode of five digits, for example 40100."), code="format"
            )
        postcode = reference_row("Postcode", code)
        if postcode is None:
            raise forms.ValidationError(
                _("We do not know the postcode %(code)s. Check it, or choose a municipality."),
                code="unknown",
                params={"code": code},
            )
        return postcode

    def _clean_date(self, name: str) -> dt.date | None:
        """A date within two years of today: the stored occurrences reach two years ahead, and
        a far date (9999-12-31) would overflow the day after it."""
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        today = dt.datetime.now(HELSINKI).date()
        if abs((value - today).days) > HORIZON_DAYS:
            raise forms.ValidationError(
                _("Choose a date within two years from today."), code="out_of_range"
            )
        return value

    def clean_date_from(self) -> dt.date | None:
        return self._clean_date("date_from")

    def clean_date_to(self) -> dt.date | None:
        return self._clean_date("date_to")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if data.get("when") == "custom" and start and end:
            if end < start:
                self.add_error("date_to", _("The last date is before the first date."))
            elif (end - start).days > MAX_DAYS:
                self.add_error("date_to", _("Choose at most a year."))
        return data


def _location(data: dict) -> tuple[residents.Location | None, tuple]:
    lat, lon = data.get("lat"), data.get("lon")
    if (
        lat is not None
        and lon is not None
        and FINLAND_LATITUDE[0] <= lat <= FINLAND_LATITUDE[1]
        and FINLAND_LONGITUDE[0] <= lon <= FINLAND_LONGITUDE[1]
    ):
        lat, lon = round(lat, 3), round(lon, 3)  # about 100 m: enough, and fewer cache keys
        label = str(_("your location"))
        return residents.Location(lat, lon, label), (("lat", str(lat)), ("lon", str(lon)))
    postcode = data.get("postcode")
    if postcode:
        label = f"{postcode.code} {localised(postcode, 'name')}"
        return (
            residents.Location(
                float(postcode.latitude),
                float(postcode.longitude),
                label,
                postcode.municipality.code,
            ),
            (("postcode", postcode.code),),
        )
    code = data.get("municipality")
    if code:
        municipality = reference_row("Municipality", code)
        if municipality:
            return (
                residents.Location(
                    float(municipality.latitude),
                    float(municipality.longitude),
                    localised(municipality, "name"),
                    municipality.code,
                ),
                (("municipality", code),),
            )
    return None, ()


# Time and cost words typed in the box, as people say them (folded: "tanaan" too), and what
# they mean: the `when` choice, or the facet "free". Longest phrases first.
TIME_WORDS = {
    "today": ["tänään", "idag", "today"],
    "tomorrow": ["huomenna", "i morgon", "imorgon", "tomorrow"],
    "weekend": [
        "viikonloppuna", "viikonloppu", "tänä viikonloppuna", "i helgen", "helgen",
        "this weekend", "weekend",
    ],
    "week": [
        "tällä viikolla", "tämä viikko", "tällä viikkoa", "denna vecka", "den här veckan",
        "this week", "next 7 days",
    ],
    "next_week": ["ensi viikolla", "ensi viikko", "nästa vecka", "next week"],
}  # fmt: skip
FREE_WORDS = ["ilmainen", "ilmaiset", "ilmaista", "maksuton", "maksuttomat", "gratis", "free"]


def understood_words(q: str) -> tuple[str, str, bool]:
    """(the words left, a `when` the words named or "", whether they asked for free things)."""
    text = f" {fold(q.lower())} "
    when = ""
    phrases = sorted(
        ((fold(p), key) for key, ps in TIME_WORDS.items() for p in ps), key=lambda p: -len(p[0])
    )
    for phrase, key in phrases:
        if f" {phrase} " in text:
            text = text.replace(f" {phrase} ", " ", 1)
            when = when or key
    free = False
    for word in FREE_WORDS:
        if f" {fold(word)} " in text:
            text = text.replace(f" {fold(word)} ", " ")
            free = True
    if not when and not free:
        return q, "", False
    # Keep the typed words (with their å, ä, ö) that were not understood as time or cost.
    kept = set(text.split())
    return " ".join(w for w in q.split() if fold(w.lower()) in kept), when, free


def date_range(when: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The dates a time word means, in local time: "week" is today and the six days after it
    (a person asking on a Saturday means the coming seven days), "weekend" the coming Saturday
    and Sunday (today and tomorrow on a Saturday, today on a Sunday), "next_week" Monday to
    Sunday of the next calendar week."""
    if when == "today":
        return today, today
    if when == "tomorrow":
        tomorrow = today + dt.timedelta(days=1)
        return tomorrow, tomorrow
    if when == "week":
        return today, today + dt.timedelta(days=6)
    if when == "weekend":
        if today.weekday() == 6:
            return today, today
        saturday = today + dt.timedelta(days=5 - today.weekday())
        return saturday, saturday + dt.timedelta(days=1)
    if when == "next_week":
        monday = today + dt.timedelta(days=7 - today.weekday())
        return monday, monday + dt.timedelta(days=6)
    if when == "month":
        next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        return today, next_month - dt.timedelta(days=1)
    return None, None


def residents_query(form: ResidentsSearchForm) -> residents.ResidentsQuery:
    """The valid part of a bound form (an invalid field is left out, its error shown). Time
    and cost words in the box ("tällä viikolla", "ilmainen") set the time and the free filter
    when the form's own fields do not."""
    form.is_valid()
    data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    location, location_params = _location(data)
    today = dt.datetime.now(HELSINKI).date()
    q = (data.get("q") or "").strip()
    words_left, words_when, words_free = understood_words(q)
    when = data.get("when") or ""
    if words_when or words_free:
        q = words_left
        if not when:
            when = words_when
        if words_free and not data.get("free"):
            data["free"] = ["yes"]
    date_from, date_to = date_range(when, today)
    if when == "custom" and "date_to" not in form.errors:
        date_from, date_to = data.get("date_from"), data.get("date_to")
    selected = {param: list(data[param]) for param in residents.FACET_PREFIXES if data.get(param)}
    return residents.ResidentsQuery(
        q=q,
        selected=selected,
        location=location,
        location_params=location_params,
        radius=data.get("radius") or residents.DEFAULT_RADIUS,
        weekdays=tuple(data.get("day") or ()),
        times=tuple(data.get("time") or ()),
        date_from=date_from,
        date_to=date_to,
        when=when,
        page=data.get("page") or 1,
        sort=data.get("sort") or "",
    )
