"""Meeting places: the place, its weekly opening hours, exceptions and photos."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import WelfareArea, street_address_fields
from organisations.models import Organisation
from organisations.validators import validate_e164_phone
from portal.lib.translation import localised_method
from taxonomy.models import ServiceLanguage

from .. import photos


class PublishStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class PlaceKind(models.TextChoices):
    ACTIVITY_CENTRE = "activity_centre", _("Citizen activity centre")
    VILLAGE_HOUSE = "village_house", _("Village hut or house")
    VOLUNTEER_POINT = "volunteer_point", _("Volunteer and peer-support point")
    CAFE = "cafe", _("Café")
    OTHER = "other", pgettext_lazy("meeting place kind", "Other")


class PlaceQuerySet(models.QuerySet):
    def published(self) -> PlaceQuerySet:
        return self.filter(status=PublishStatus.PUBLISHED)

    def usable_by(self, organisation) -> PlaceQuerySet:
        """The places where the organisation may hold its activities: those it runs, and the
        welfare area's own places in its area (run by no organisation: a unit's premises that
        units/services.py keeps), only while they are published."""
        own_area = models.Q(
            welfare_area_id=organisation.welfare_area_id,
            organisations=None,
            status=PublishStatus.PUBLISHED,
        )
        ids = self.filter(models.Q(organisations=organisation) | own_area).values("pk")
        return self.filter(pk__in=ids)


class MeetingPlace(models.Model):
    welfare_area = models.ForeignKey(
        WelfareArea,
        verbose_name=_("welfare area"),
        on_delete=models.PROTECT,
        related_name="meeting_places",
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("run by"), related_name="meeting_places"
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    slug = models.SlugField(_("web address"), max_length=220, unique=True)
    kind = models.CharField(_("kind of place"), max_length=20, choices=PlaceKind.choices)

    street_address, postcode, municipality, latitude, longitude, location_source = (
        street_address_fields("meeting_places")
    )
    directions_fi = models.TextField(_("how to find the way in (Finnish)"), blank=True)
    directions_sv = models.TextField(_("how to find the way in (Swedish)"), blank=True)
    directions_en = models.TextField(_("how to find the way in (English)"), blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    # Low threshold
    is_free = models.BooleanField(_("free of charge"), default=True)
    no_signup = models.BooleanField(_("no sign-up needed"), default=True)
    no_referral = models.BooleanField(_("no referral needed"), default=True)
    anonymous_welcome = models.BooleanField(_("anonymous visit welcome"), default=False)
    substance_free = models.BooleanField(_("substance-free"), default=False)
    # Who is there
    has_volunteers = models.BooleanField(_("volunteers"), default=False)
    has_peers = models.BooleanField(_("peers (experts by experience)"), default=False)
    has_professionals = models.BooleanField(_("professionals"), default=False)
    # Accessibility by viewpoint
    step_free_entrance = models.BooleanField(_("step-free entrance"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    induction_loop = models.BooleanField(_("induction loop"), default=False)
    parking = models.BooleanField(_("parking nearby"), default=False)
    public_transport = models.BooleanField(_("public transport nearby"), default=False)
    assistance_animals = models.BooleanField(_("assistance animals welcome"), default=False)
    accessibility_fi = models.TextField(_("more about accessibility (Finnish)"), blank=True)
    accessibility_sv = models.TextField(_("more about accessibility (Swedish)"), blank=True)
    accessibility_en = models.TextField(_("more about accessibility (English)"), blank=True)

    languages = ArrayField(
        models.CharField(max_length=10, choices=ServiceLanguage.choices),
        verbose_name=_("languages"),
        default=list,
        blank=True,
    )
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(
        _("public phone number"), max_length=20, blank=True, validators=[validate_e164_phone]
    )
    website = models.URLField(_("website"), blank=True)
    open_on_public_holidays = models.BooleanField(
        _("open on public holidays"),
        default=False,
        help_text=_("Otherwise the place shows as closed on Finnish public holidays."),
    )

    status = models.CharField(
        _("status"), max_length=10, choices=PublishStatus.choices, default=PublishStatus.PUBLISHED
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PlaceQuerySet.as_manager()

    ACCESSIBILITY_FLAGS = (
        "step_free_entrance",
        "accessible_toilet",
        "induction_loop",
        "parking",
        "public_transport",
        "assistance_animals",
    )
    LOW_THRESHOLD_FLAGS = (
        "is_free",
        "no_signup",
        "no_referral",
        "anonymous_welcome",
        "substance_free",
    )
    PRESENCE_FLAGS = ("has_volunteers", "has_peers", "has_professionals")

    class Meta:
        verbose_name = _("meeting place")
        verbose_name_plural = _("meeting places")
        ordering = ["name_fi"]
        indexes = [
            models.Index(fields=["welfare_area", "status"]),
            # The open data API: modified_since, and places inside a box (near a point).
            models.Index(fields=["updated_at"], name="place_updated"),
            models.Index(fields=["latitude", "longitude"], name="place_point"),
        ]

    def __str__(self) -> str:
        return self.localised_name()

    def get_absolute_url(self) -> str:
        return reverse("meetingplaces:place", kwargs={"slug": self.slug})

    localised_name = localised_method("name")

    @property
    def is_published(self) -> bool:
        return self.status == PublishStatus.PUBLISHED


class WeeklyHours(models.Model):
    """One opening interval on a weekday (Monday = 0); several per day are allowed. Abstract:
    meeting places and other apps' places (units) keep their hours in a table of their own,
    with a foreign key named for the owner and `related_name="opening_hours"`, and read them
    through meetingplaces/hours.py."""

    weekday = models.PositiveSmallIntegerField(_("weekday"), validators=[MaxValueValidator(6)])
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        abstract = True
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]


class HoursException(models.Model):
    """A date when the weekly hours do not apply: closed, or open at other times (a holiday
    included, which otherwise closes the place). Abstract as WeeklyHours, with
    `related_name="opening_exceptions"`."""

    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        abstract = True
        verbose_name = _("exception to opening hours")
        verbose_name_plural = _("exceptions to opening hours")
        ordering = ["date", "opens"]


class OpeningHours(WeeklyHours):
    place = models.ForeignKey(MeetingPlace, on_delete=models.CASCADE, related_name="opening_hours")

    class Meta(WeeklyHours.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="hours_close_after_open"
            )
        ]


class OpeningException(HoursException):
    place = models.ForeignKey(
        MeetingPlace, on_delete=models.CASCADE, related_name="opening_exceptions"
    )

    class Meta(HoursException.Meta):
        indexes = [models.Index(fields=["place", "date"])]


class PlacePhoto(models.Model):
    place = models.ForeignKey(MeetingPlace, on_delete=models.CASCADE, related_name="photos")
    # Re-encoded without metadata under random names, served only by an access-checked view
    # (meetingplaces/photos.py): the photo at most 2048 px, and the size pages show.
    image = models.ImageField(_("photo"), upload_to=photos.upload_to)
    page_image = models.ImageField(upload_to=photos.upload_to, blank=True, editable=False)
    alt_fi = models.CharField(_("description of the photo (Finnish)"), max_length=250)
    alt_sv = models.CharField(_("description of the photo (Swedish)"), max_length=250, blank=True)
    alt_en = models.CharField(_("description of the photo (English)"), max_length=250, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    alt = localised_method("alt")

    def url(self, size: str = "page") -> str:
        """The address of the access-checked view ("page" or "full" size)."""
        return reverse(
            "meetingplaces:place-photo",
            kwargs={"slug": self.place.slug, "pk": self.pk, "size": size},
        )

    @property
    def url_page(self) -> str:
        return self.url("page")

    @property
    def url_full(self) -> str:
        return self.url("full")
