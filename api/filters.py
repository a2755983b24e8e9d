"""The filters of the open data API's lists (django-filter), one FilterSet per list.

Several values of one filter are given comma-separated (`theme=peer-support,carers`) and match
any of them; different filters must all match. A point is `near=<latitude>,<longitude>` with
`radius` in kilometres (default 10, at most 200), or a box `bbox=<west>,<south>,<east>,<north>`.
"""

from __future__ import annotations

import datetime as dt
import math

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, FloatField, OuterRef, Q, QuerySet
from django.db.models.functions import ACos, Coalesce, Cos, Least, Radians, Sin

from areas.models import Municipality, WelfareArea
from meetingplaces.models import Activity, MeetingPlace, Occurrence, PublishStatus
from meetingplaces.schedule import HELSINKI
from organisations.models import Organisation
from taxonomy.models import Term

EARTH_RADIUS_KM = 6371.0
MAX_RADIUS_KM = 200.0
ACCESSIBILITY = MeetingPlace.ACCESSIBILITY_FLAGS


def _values(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def parse_point(value: str) -> tuple[float, float]:
    try:
        lat, lon = (float(part) for part in value.split(","))
    except ValueError:
        raise ValidationError("Give near as latitude,longitude, e.g. 62.24,25.75.") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError("The point is outside the globe.")
    return lat, lon


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise ValidationError("Give bbox as west,south,east,north in degrees.") from None
    if not (west <= east and south <= north):
        raise ValidationError("The box's west must not be east of its east, nor south north.")
    return west, south, east, north


def near_box(lat: float, lon: float, radius: float) -> tuple[float, float, float, float]:
    dlat = radius / 111.32
    dlon = radius / (111.32 * max(0.01, math.cos(math.radians(lat))))
    return lon - dlon, lat - dlat, lon + dlon, lat + dlat


def accessibility_flags(value: str) -> list[str]:
    flags = _values(value)
    unknown = [flag for flag in flags if flag not in ACCESSIBILITY]
    if unknown:
        raise ValidationError(f"Unknown accessibility: {', '.join(unknown)}.")
    return flags


def _distance_sql(lat: float, lon: float, lat_column: str, lon_column: str) -> tuple[str, list]:
    """distance_km() as SQL text: the same operations in the same order (the same floats)."""
    sql = (
        f"(ACOS(LEAST(((SIN(RADIANS({lat_column})) * %s) + ((COS(RADIANS({lat_column})) * %s) "
        f"* COS((RADIANS({lon_column}) - %s)))), %s)) * %s)"
    )
    params = [
        math.sin(math.radians(lat)),
        math.cos(math.radians(lat)),
        math.radians(lon),
        1.0,
        EARTH_RADIUS_KM,
    ]
    return sql, params


def distance_km(lat: float, lon: float, lat_field, lon_field):
    """Great-circle distance in SQL (spherical law of cosines, clamped for acos)."""
    cosine = Sin(Radians(lat_field)) * math.sin(math.radians(lat)) + Cos(
        Radians(lat_field)
    ) * math.cos(math.radians(lat)) * Cos(Radians(lon_field) - math.radians(lon))
    return ACos(Least(cosine, 1.0, output_field=FloatField())) * EARTH_RADIUS_KM


class GeoMixin:
    """near/radius/bbox on the list's latitude and longitude expressions."""

    form: forms.Form  # the FilterSet's, once it is valid

    def _coords(self, queryset: QuerySet) -> tuple[QuerySet, str, str]:
        return queryset, "latitude", "longitude"

    def _box(self) -> tuple[float, float, float, float] | None:
        """The smallest box the near/bbox filters allow, or None without them."""
        near = self.form.cleaned_data.get("near")
        bbox = self.form.cleaned_data.get("bbox")
        boxes = []
        if bbox:
            boxes.append(parse_bbox(bbox))
        if near:
            boxes.append(near_box(*self._near()))  # type: ignore[misc]
        if not boxes:
            return None
        return (
            max(b[0] for b in boxes),
            max(b[1] for b in boxes),
            min(b[2] for b in boxes),
            min(b[3] for b in boxes),
        )

    def _near(self) -> tuple[float, float, float] | None:
        """The point and the radius of `near` (latitude, longitude, kilometres), or None."""
        near = self.form.cleaned_data.get("near")
        if not near:
            return None
        lat, lon = parse_point(near)
        return lat, lon, min(float(self.form.cleaned_data.get("radius") or 10.0), MAX_RADIUS_KM)

    def filter_geo(self, queryset: QuerySet) -> QuerySet:
        near = self.form.cleaned_data.get("near")
        bbox = self.form.cleaned_data.get("bbox")
        if not near and not bbox:
            return queryset
        queryset, lat_field, lon_field = self._coords(queryset)
        if bbox:
            west, south, east, north = parse_bbox(bbox)
            queryset = queryset.filter(
                **{
                    f"{lat_field}__gte": south,
                    f"{lat_field}__lte": north,
                    f"{lon_field}__gte": west,
                    f"{lon_field}__lte": east,
                }
            )
        if near:
            lat, lon, radius = self._near()  # type: ignore[misc]
            west, south, east, north = near_box(lat, lon, radius)
            queryset = queryset.filter(
                **{
                    f"{lat_field}__gte": south,
                    f"{lat_field}__lte": north,
                    f"{lon_field}__gte": west,
                    f"{lon_field}__lte": east,
                }
            )
            queryset = queryset.annotate(
                distance_km=distance_km(lat, lon, F(lat_field), F(lon_field))
            ).filter(distance_km__lte=radius)
        return queryset


def _check_point(value: str) -> None:
    parse_point(value)


def _check_bbox(value: str) -> None:
    parse_bbox(value)


class BaseFilter(filters.FilterSet):
    modified_since = filters.IsoDateTimeFilter(method="filter_modified")
    language = filters.CharFilter(method="filter_language")

    def get_form_class(self):
        """The form of the class's filters, made once per class instead of per request (its
        fields depend on the filters' declarations only; an answer never shows their labels).
        Measured: the activity list's FilterSet with its validation 0.56 -> 0.31 ms of CPU
        (bench/README.md, "The activity list's ids in SQL")."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def filter_modified(self, queryset, name, value):
        return queryset.filter(updated_at__gte=value.astimezone(dt.UTC))

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__overlap=_values(value))

    def _terms(self, queryset, relation: str, value: str):
        through = getattr(queryset.model, relation).through
        owner = queryset.model._meta.model_name
        return queryset.filter(
            Exists(
                through.objects.filter(**{f"{owner}_id": OuterRef("pk")}).filter(
                    term__slug__in=_values(value)
                )
            )
        )

    def filter_theme(self, queryset, name, value):
        return self._terms(queryset, "themes", value)

    def filter_target_group(self, queryset, name, value):
        return self._terms(queryset, "target_groups", value)


class OrganisationFilter(BaseFilter):
    welfare_area = filters.CharFilter(field_name="welfare_area__slug")
    municipality = filters.CharFilter(method="filter_municipality")
    theme = filters.CharFilter(method="filter_theme")
    target_group = filters.CharFilter(method="filter_target_group")
    category = filters.CharFilter(method="filter_category")

    class Meta:
        model = Organisation
        fields: list[str] = []

    def filter_municipality(self, queryset, name, value):
        through = Organisation.municipalities.through
        return queryset.filter(
            Exists(
                through.objects.filter(
                    organisation_id=OuterRef("pk"), municipality__code__in=_values(value)
                )
            )
        )

    def filter_category(self, queryset, name, value):
        return queryset.filter(categories__overlap=_values(value))


class GeoFilter(GeoMixin, BaseFilter):
    """The filters of a list of things at a point (meeting places, units): welfare area,
    municipality codes, kinds and near/radius/bbox."""

    welfare_area = filters.CharFilter(field_name="welfare_area__slug")
    municipality = filters.CharFilter(method="filter_municipality")
    kind = filters.CharFilter(method="filter_kind")
    near = filters.CharFilter(method="filter_nothing", validators=[_check_point])
    radius = filters.NumberFilter(method="filter_nothing")
    bbox = filters.CharFilter(method="filter_nothing", validators=[_check_bbox])

    def filter_nothing(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(municipality__code__in=_values(value))

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kind__in=_values(value))

    def filter_queryset(self, queryset):
        return self.filter_geo(super().filter_queryset(queryset))


class PlaceFilter(GeoFilter):
    organisation = filters.NumberFilter(field_name="organisations__id")
    free = filters.BooleanFilter(field_name="is_free")
    accessibility = filters.CharFilter(method="filter_accessibility")

    class Meta:
        model = MeetingPlace
        fields: list[str] = []

    def _accessibility(self, value: str, prefix: str = "") -> Q:
        return Q(**{f"{prefix}{flag}": True for flag in accessibility_flags(value)})

    def filter_accessibility(self, queryset, name, value):
        return queryset.filter(self._accessibility(value))


def local_day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=HELSINKI)


class ActivityFilter(PlaceFilter):
    place = filters.NumberFilter(field_name="place_id")
    organisation = filters.NumberFilter(field_name="organisation_id")
    theme = filters.CharFilter(method="filter_theme")
    target_group = filters.CharFilter(method="filter_target_group")
    dates_from = filters.DateFilter(method="filter_nothing")
    dates_to = filters.DateFilter(method="filter_nothing")

    class Meta:
        model = Activity
        fields: list[str] = []

    def filter_modified(self, queryset, name, value):
        value = value.astimezone(dt.UTC)
        # The activity, its organisation (which makes it public or not) or its place (whose
        # point and public state it shows) changed.
        changed = (
            Activity.objects.filter(updated_at__gte=value)
            .values("pk")
            .union(
                Activity.objects.filter(organisation__updated_at__gte=value).values("pk"),
                Activity.objects.filter(place__updated_at__gte=value).values("pk"),
            )
        )
        return queryset.filter(pk__in=changed)

    def filter_municipality(self, queryset, name, value):
        codes = _values(value)
        return queryset.filter(
            Q(place__municipality__code__in=codes) | Q(municipality__code__in=codes)
        )

    def filter_accessibility(self, queryset, name, value):
        return queryset.filter(self._accessibility(value, "place__"))

    def filter_geo(self, queryset):
        # Activities held at a place inside the box or at an address inside it: two index
        # scans (place_point, activity_point) instead of the point of every activity.
        box = self._box()
        if box is not None:
            west, south, east, north = box
            places = MeetingPlace.objects.filter(
                latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
            ).values("pk")
            candidates = (
                Activity.objects.filter(place__in=places)
                .values("pk")
                .union(
                    Activity.objects.filter(
                        latitude__gte=south,
                        latitude__lte=north,
                        longitude__gte=west,
                        longitude__lte=east,
                    ).values("pk")
                )
            )
            queryset = queryset.filter(pk__in=candidates)
        return super().filter_geo(queryset)

    def _coords(self, queryset):
        queryset = queryset.annotate(
            point_latitude=Coalesce("place__latitude", "latitude"),
            point_longitude=Coalesce("place__longitude", "longitude"),
        )
        return queryset, "point_latitude", "point_longitude"

    def dates_window(self) -> tuple[dt.datetime, dt.datetime] | None:
        start = self.form.cleaned_data.get("dates_from")
        end = self.form.cleaned_data.get("dates_to")
        if not start and not end:
            return None
        start = start or dt.date.today()
        end = end or start + dt.timedelta(days=365)
        if end < start:
            raise ValidationError("dates_to is before dates_from.")
        return local_day_start(start), local_day_start(end + dt.timedelta(days=1))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        window = self.dates_window()
        if window:
            queryset = queryset.filter(
                Exists(
                    Occurrence.objects.filter(
                        activity_id=OuterRef("pk"),
                        starts_at__lt=window[1],
                        ends_at__gt=window[0],
                    ).exclude(status=Occurrence.Status.CANCELLED)
                )
            )
        return queryset

    # The activity list's filters once more, as the SQL of one statement (api/endpoints/
    # activity_sql.py puts it in the page's): the same matches, value for value, as
    # filter_queryset's (tests/api/test_activity_ids.py compares them filter by filter).
    #
    # Hand-written because two measurements needed it (bench/README.md, "The activity list's
    # ids in SQL", national data set): (1) near a point, the queryset's plan takes every
    # activity in the box through the date and organisation checks before it sorts them for the
    # page (Helsinki within 10 km this week: 3,211 candidates, 15–25 ms); here the box's
    # candidates are sorted by id first and the checks stop at the page's end (2 ms);
    # (2) building and compiling the queryset cost 3.4 of the page's 8 ms of Python.
    def check(self) -> None:
        """The ValidationErrors filter_queryset raises, in its order, without building it."""
        if accessibility := self.form.cleaned_data.get("accessibility"):
            accessibility_flags(accessibility)
        self.dates_window()

    def ids_sql(self, *, after: int, limit: int) -> tuple[str, list]:
        """The page's `(id, distance_km)` rows after the id `after`, by id, at most `limit`:
        the SQL and its parameters."""
        data = self.form.cleaned_data
        activity, place = Activity._meta.db_table, MeetingPlace._meta.db_table
        organisation = Organisation._meta.db_table
        where = [
            f"a.status = '{PublishStatus.PUBLISHED}'",
            f"o.status = '{PublishStatus.PUBLISHED}'",
            "o.merged_into_id IS NULL",
            "a.id > %s",
        ]
        params: list = [after]
        joins_place = False
        source: str = activity
        source_params: list = []
        box = self._box()
        near = self._near()
        since = data.get("modified_since")
        since = since.astimezone(dt.UTC) if since else None
        distance = "NULL::double precision"
        distance_params: list = []
        if box is not None:
            # The activities whose point (their place's, else their address's: _coords) is in
            # the box: those at a place in it, and those at an address in it whose place has
            # no point. Disjoint, so UNION ALL.
            west, south, east, north = box
            inside = (
                "{0}.latitude >= %s AND {0}.latitude <= %s "
                "AND {0}.longitude >= %s AND {0}.longitude <= %s"
            )
            source = (
                f"(SELECT a.id, p.latitude AS lat, p.longitude AS lon FROM {place} p "  # noqa: S608
                f"JOIN {activity} a ON a.place_id = p.id WHERE {inside.format('p')} "
                f"UNION ALL SELECT a.id, COALESCE(p.latitude, a.latitude), "
                f"COALESCE(p.longitude, a.longitude) FROM {activity} a "
                f"LEFT JOIN {place} p ON p.id = a.place_id WHERE {inside.format('a')} "
                "AND (p.latitude IS NULL OR p.longitude IS NULL) ORDER BY 1 OFFSET 0)"
            )
            source_params = [south, north, west, east] * 2
            boxes = []
            if data.get("bbox"):
                b_west, b_south, b_east, b_north = parse_bbox(data["bbox"])
                boxes.append((b_south, b_north, b_west, b_east))
            if near is not None:
                n_west, n_south, n_east, n_north = near_box(*near)
                boxes.append((n_south, n_north, n_west, n_east))
            for bounds in boxes:
                where.append("c.lat >= %s AND c.lat <= %s AND c.lon >= %s AND c.lon <= %s")
                params += bounds
            if near is not None:
                distance, distance_params = _distance_sql(near[0], near[1], "c.lat", "c.lon")
                where.append(f"{distance} <= %s")
                params += [*distance_params, near[2]]
        elif since is not None:
            # One day's changes: the activities changed, or whose organisation or place
            # changed (filter_modified), sorted by id before the other checks.
            source = (
                f"(SELECT id FROM {activity} WHERE updated_at >= %s "  # noqa: S608
                f"UNION SELECT a.id FROM {organisation} o JOIN {activity} a "
                "ON a.organisation_id = o.id WHERE o.updated_at >= %s "
                f"UNION SELECT a.id FROM {place} p JOIN {activity} a ON a.place_id = p.id "
                "WHERE p.updated_at >= %s ORDER BY 1 OFFSET 0)"
            )
            source_params = [since] * 3
            since = None
        if since is not None:
            where.append("(a.updated_at >= %s OR o.updated_at >= %s OR p.updated_at >= %s)")
            params += [since] * 3
            joins_place = True
        if data.get("language"):
            where.append("a.languages && %s::varchar[]")
            params.append(_values(data["language"]))
        if data.get("welfare_area"):
            where.append(
                f"a.welfare_area_id IN (SELECT id FROM {WelfareArea._meta.db_table} "  # noqa: S608
                "WHERE slug = %s)"
            )
            params.append(data["welfare_area"])
        if data.get("municipality"):
            codes = f"(SELECT id FROM {Municipality._meta.db_table} WHERE code = ANY(%s))"  # noqa: S608
            where.append(f"(p.municipality_id IN {codes} OR a.municipality_id IN {codes})")
            params += [_values(data["municipality"])] * 2
            joins_place = True
        for name, column in (("organisation", "organisation_id"), ("place", "place_id")):
            if data.get(name) is not None:
                where.append(f"a.{column} = %s")
                params.append(int(data[name]))
        if data.get("kind"):
            where.append("a.kind = ANY(%s)")
            params.append(_values(data["kind"]))
        if data.get("free") is not None:
            where.append("a.is_free = %s")
            params.append(data["free"])
        if data.get("accessibility"):
            where += [f"p.{flag} = true" for flag in accessibility_flags(data["accessibility"])]
            joins_place = True
        for name, relation in (("theme", "themes"), ("target_group", "target_groups")):
            if value := data.get(name):
                through = getattr(Activity, relation).through._meta.db_table
                where.append(
                    f"EXISTS (SELECT 1 FROM {through} x JOIN {Term._meta.db_table} t "  # noqa: S608
                    "ON t.id = x.term_id WHERE x.activity_id = a.id AND t.slug = ANY(%s))"
                )
                params.append(_values(value))
        window = self.dates_window()
        if window is not None:
            where.append(
                f"EXISTS (SELECT 1 FROM {Occurrence._meta.db_table} d "  # noqa: S608
                "WHERE d.activity_id = a.id AND d.starts_at < %s AND d.ends_at > %s "
                f"AND d.status <> '{Occurrence.Status.CANCELLED}')"
            )
            params += [window[1], window[0]]
        if source == activity:
            from_sql = f"{activity} a"
        else:
            from_sql = f"{source} c JOIN {activity} a ON a.id = c.id"
        place_join = f" LEFT JOIN {place} p ON p.id = a.place_id" if joins_place else ""
        sql = (
            f"SELECT a.id, {distance} FROM {from_sql} "  # noqa: S608
            f"JOIN {organisation} o ON o.id = a.organisation_id{place_join} "
            f"WHERE {' AND '.join(where)} ORDER BY a.id LIMIT %s"
        )
        return sql, [*distance_params, *source_params, *params, limit]
