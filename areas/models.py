"""Reference data: the 21 welfare areas and Helsinki, and Finland's municipalities.

Loaded from the CSV copies in areas/data/ by a data migration; the sources and their
attribution lines are on the portal's data sources page.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.lib.points import FINLAND_LATITUDE, FINLAND_LONGITUDE
from portal.lib.translation import localised

validate_postcode = RegexValidator(
    r"^\d{5}$", _("Enter a postcode of five digits, for example 40100.")
)


class LocalisedNameMixin:
    """`name` in the active language along the portal's one fallback chain (fi → sv → en).

    Kept as a class because areas/0001_initial names it among the models' bases.
    """

    def localised_name(self) -> str:
        return localised(self, "name")


class WelfareArea(LocalisedNameMixin, models.Model):
    slug = models.SlugField(_("identifier"), unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=120)
    name_sv = models.CharField(_("name in Swedish"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    region_code = models.CharField(_("region code"), max_length=2, blank=True)

    class Meta:
        verbose_name = _("welfare area")
        verbose_name_plural = _("welfare areas")
        ordering = ["name_fi"]

    def __str__(self) -> str:
        return self.localised_name()


class Municipality(LocalisedNameMixin, models.Model):
    code = models.CharField(_("municipality code"), max_length=3, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=80)
    name_sv = models.CharField(_("name in Swedish"), max_length=80)
    region_code = models.CharField(_("region code"), max_length=2)
    # Empty for Åland, which is outside the reform.
    welfare_area = models.ForeignKey(
        WelfareArea,
        verbose_name=_("welfare area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
    )
    latitude = models.DecimalField(_("latitude"), max_digits=7, decimal_places=3)
    longitude = models.DecimalField(_("longitude"), max_digits=7, decimal_places=3)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name_fi"]

    def __str__(self) -> str:
        return self.localised_name()


class Postcode(models.Model):
    """An ordinary street-address postcode (Posti's type 1) with its municipality and a point:
    the post office's place where GeoNames knows it near the municipality, else the
    municipality's centre (areas/data/make_postcodes.py documents the rule)."""

    class PointSource(models.TextChoices):
        PLACE = "place", _("Post office's place")
        MUNICIPALITY = "municipality", _("Municipality centre")

    code = models.CharField(_("postcode"), max_length=5, primary_key=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=80)
    name_sv = models.CharField(_("name in Swedish"), max_length=80)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="postcodes",
    )
    latitude = models.DecimalField(_("latitude"), max_digits=7, decimal_places=3)
    longitude = models.DecimalField(_("longitude"), max_digits=7, decimal_places=3)
    point_source = models.CharField(max_length=12, choices=PointSource.choices)

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {localised(self, 'name')}"


class LocationSource(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality centre")
    POSTCODE = "postcode", _("Postcode area")
    PIN = "pin", _("Pin on the map")


def street_address_fields(
    municipality_related_name: str,
) -> tuple[
    models.CharField,
    models.CharField,
    models.ForeignKey[Municipality],
    models.FloatField,
    models.FloatField,
    models.CharField,
]:
    """Where a place people visit is, for meeting places and the welfare area's units: the
    street address, postcode and municipality (`municipality_related_name` for its reverse),
    a point on the map in Finland and what the point was taken from. Fields, not an abstract
    model, so that they keep their place among each model's own (forms and the admin show the
    fields in that order)."""
    return (
        models.CharField(_("street address"), max_length=200),
        models.CharField(_("postcode"), max_length=5, validators=[validate_postcode]),
        models.ForeignKey(
            Municipality,
            verbose_name=_("municipality"),
            on_delete=models.PROTECT,
            related_name=municipality_related_name,
        ),
        models.FloatField(
            _("latitude"),
            validators=[
                MinValueValidator(FINLAND_LATITUDE[0]),
                MaxValueValidator(FINLAND_LATITUDE[1]),
            ],
        ),
        models.FloatField(
            _("longitude"),
            validators=[
                MinValueValidator(FINLAND_LONGITUDE[0]),
                MaxValueValidator(FINLAND_LONGITUDE[1]),
            ],
        ),
        models.CharField(
            _("map point from"),
            max_length=12,
            choices=LocationSource.choices,
            default=LocationSource.MUNICIPALITY,
        ),
    )


class CoordinatorQuerySet(models.QuerySet):
    def for_user(self, user) -> "CoordinatorQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Coordinator(models.Model):
    """A welfare-area coordinator: curates the directory of that area, and only that area."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="coordinator_roles",
    )
    welfare_area = models.ForeignKey(
        WelfareArea,
        verbose_name=_("welfare area"),
        on_delete=models.CASCADE,
        related_name="coordinators",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CoordinatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        constraints = [
            models.UniqueConstraint(fields=["user", "welfare_area"], name="unique_coordinator_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.welfare_area}"
