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

from meetingplaces.models import Activity, MeetingPlace, Occurrence
from meetingplaces.schedule import HELSINKI
from organisations.models import Organisation

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
            lat, lon = parse_point(near)
            radius = min(float(self.form.cleaned_data.get("radius") or 10.0), MAX_RADIUS_KM)
            boxes.append(near_box(lat, lon, radius))
        if not boxes:
            return None
        return (
            max(b[0] for b in boxes),
            max(b[1] for b in boxes),
            min(b[2] for b in boxes),
            min(b[3] for b in boxes),
        )

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
            lat, lon = parse_point(near)
            radius = min(float(self.form.cleaned_data.get("radius") or 10.0), MAX_RADIUS_KM)
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


class PlaceFilter(GeoMixin, BaseFilter):
    welfare_area = filters.CharFilter(field_name="welfare_area__slug")
    municipality = filters.CharFilter(method="filter_municipality")
    organisation = filters.NumberFilter(field_name="organisations__id")
    kind = filters.CharFilter(method="filter_kind")
    free = filters.BooleanFilter(field_name="is_free")
    accessibility = filters.CharFilter(method="filter_accessibility")
    near = filters.CharFilter(method="filter_nothing", validators=[_check_point])
    radius = filters.NumberFilter(method="filter_nothing")
    bbox = filters.CharFilter(method="filter_nothing", validators=[_check_bbox])

    class Meta:
        model = MeetingPlace
        fields: list[str] = []

    def filter_nothing(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(municipality__code__in=_values(value))

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kind__in=_values(value))

    def _accessibility(self, value: str, prefix: str = "") -> Q:
        flags = _values(value)
        unknown = [flag for flag in flags if flag not in ACCESSIBILITY]
        if unknown:
            raise ValidationError(f"Unknown accessibility: {', '.join(unknown)}.")
        return Q(**{f"{prefix}{flag}": True for flag in flags})

    def filter_accessibility(self, queryset, name, value):
        return queryset.filter(self._accessibility(value))

    def filter_queryset(self, queryset):
        return self.filter_geo(super().filter_queryset(queryset))


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
