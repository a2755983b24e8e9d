"""The welfare area's own units and their association-collaboration contacts.

A unit is a sote-centre, health station, social services office, hospital ward or other
service point of a welfare area. It has public contact channels and one named person
responsible for working with associations (the 2020 goal: "a named association-collaboration
contact person in every sote-centre unit"); that person's work e-mail and phone are shown
publicly only while `contact_consent` is on, otherwise pages show the unit's own channels.

Opening hours use the meeting places' machinery (meetingplaces.models.WeeklyHours and
HoursException, read by meetingplaces/hours.py). A unit that hosts association activities gets
a meeting place of its own, run by no organisation (the welfare area's), which units/services.py
creates and keeps in step, so an activity can choose it as its place; meetingplaces imports
nothing from here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import WelfareArea, street_address_fields
from meetingplaces.models import HoursException, MeetingPlace, WeeklyHours
from organisations.models import SpreadsheetImportJob
from organisations.validators import validate_e164_phone
from portal.lib.translation import localised_method


class UnitKind(models.TextChoices):
    SOTE_CENTRE = "sote_centre", _("Health and social services centre")
    HEALTH_STATION = "health_station", _("Health station")
    SOCIAL_SERVICES_OFFICE = "social_services_office", _("Social services office")
    HOSPITAL_WARD = "hospital_ward", _("Hospital ward")
    OTHER = "other", pgettext_lazy("unit kind", "Other service point")


class UnitStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("unit status", "Active")
    ARCHIVED = "archived", pgettext_lazy("unit status", "Archived")


class UnitQuerySet(models.QuerySet):
    def active(self) -> UnitQuerySet:
        return self.filter(status=UnitStatus.ACTIVE)


class Unit(models.Model):
    welfare_area = models.ForeignKey(
        WelfareArea, verbose_name=_("welfare area"), on_delete=models.PROTECT, related_name="units"
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    slug = models.SlugField(_("web address"), max_length=220, unique=True)
    kind = models.CharField(_("kind of unit"), max_length=30, choices=UnitKind.choices)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    street_address, postcode, municipality, latitude, longitude, location_source = (
        street_address_fields("units")
    )
    open_on_public_holidays = models.BooleanField(
        _("open on public holidays"),
        default=False,
        help_text=_("Otherwise the unit shows as closed on Finnish public holidays."),
    )

    # The unit's public channels.
    phone = models.CharField(
        _("public phone number"), max_length=20, blank=True, validators=[validate_e164_phone]
    )
    email = models.EmailField(_("public email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    # The named association-collaboration contact: a work address and number, public only
    # with the person's consent (contact_consent_at records when it was given).
    contact_name = models.CharField(_("association contact's name"), max_length=200, blank=True)
    contact_title = models.CharField(
        _("association contact's job title"), max_length=200, blank=True
    )
    contact_email = models.EmailField(_("association contact's work email"), blank=True)
    contact_phone = models.CharField(
        _("association contact's work phone"),
        max_length=20,
        blank=True,
        validators=[validate_e164_phone],
    )
    contact_consent = models.BooleanField(
        _("the contact agrees to be shown publicly"),
        default=False,
        help_text=_(
            "Only with the person's own agreement. Otherwise the pages show the unit's public "
            "channels and the name stays with the coordinators."
        ),
    )
    contact_consent_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Association activities held at the unit: the meeting place units/services.py keeps in
    # step with the unit while `hosts_activities` is on.
    hosts_activities = models.BooleanField(
        _("associations may hold activities here"),
        default=False,
        help_text=_(
            "The unit appears among the meeting places that associations can choose for their "
            "activities."
        ),
    )
    place = models.OneToOneField(
        MeetingPlace,
        verbose_name=_("meeting place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="unit",
    )

    status = models.CharField(
        _("status"), max_length=10, choices=UnitStatus.choices, default=UnitStatus.ACTIVE
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("welfare area unit")
        verbose_name_plural = _("welfare area units")
        ordering = ["name_fi"]
        indexes = [
            # The per-area list and the coordinators' list filter on both.
            models.Index(fields=["welfare_area", "status"], name="unit_area_status_idx"),
        ]

    def __str__(self) -> str:
        return self.localised_name()

    def get_absolute_url(self) -> str:
        return reverse("units:unit", kwargs={"slug": self.slug})

    localised_name = localised_method("name")
    description = localised_method("description")

    @property
    def is_active(self) -> bool:
        return self.status == UnitStatus.ACTIVE

    @property
    def shows_contact(self) -> bool:
        """Whether the association contact's name and work channels are public."""
        return self.contact_consent and bool(self.contact_name)


class UnitOpeningHours(WeeklyHours):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="opening_hours")

    class Meta(WeeklyHours.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="unit_hours_close_after_open",
            )
        ]


class UnitOpeningException(HoursException):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="opening_exceptions")

    class Meta(HoursException.Meta):
        indexes = [models.Index(fields=["unit", "date"], name="unit_exception_date_idx")]


class UnitImportJob(SpreadsheetImportJob):
    """An uploaded CSV/XLSX of units kept between the dry run and the confirmation."""
