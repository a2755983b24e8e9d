"""Attendance: what organisers record after each date, and the monthly figures kept from it.

- `DateRecord`: one per occurrence of an activity, written after the date: how many came, how
  many volunteers and their hours, a note; or that the date did not take place.
- `Presence`: which signed-up person came (personal: erased with the sign-ups' rule,
  services.presences_erase_old; the counts stay).
- `PlaceDay`: a meeting place's visitors on one opening day (the door's +1 button adds with an
  UPDATE, a typed total replaces).
- `MonthFigure`: one row per activity (or meeting place) and month, recomputed by the services
  after every write that touches it and by the daily job for the dates just passed. Reports and
  figures read these rows only (attendance/figures.py), never the occurrences.
- `ParticipantMonth`: one row per activity, month and signed-up person who came, named by a
  keyed one-way hash (no name, no contact, no account id), so distinct participants can be
  counted over any period after the personal rows are erased.
- `FiguresReminder`: the claim of the one reminder sent the day after a date without figures.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import Municipality, WelfareArea
from meetingplaces.models import Activity, MeetingPlace, Occurrence
from organisations.models import Organisation
from signups.models import Signup

MAX_COUNT = 100_000


class DateRecord(models.Model):
    occurrence = models.OneToOneField(
        Occurrence, on_delete=models.CASCADE, related_name="attendance"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    # True: the date did not take place (counted as cancelled, never as zero visitors).
    not_held = models.BooleanField(_("did not take place"), default=False)
    visitors = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    volunteers = models.PositiveIntegerField(
        _("volunteers"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    volunteer_hours = models.DecimalField(
        _("volunteer hours"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100000"))],
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance of a date")
        verbose_name_plural = _("attendance of dates")
        indexes = [models.Index(fields=["activity"])]

    def __str__(self) -> str:
        return f"{self.occurrence_id}: {self.visitors}"


class Presence(models.Model):
    """A signed-up person who came (personal data: erased 30 days after the date)."""

    record = models.ForeignKey(DateRecord, on_delete=models.CASCADE, related_name="presences")
    signup = models.ForeignKey(Signup, on_delete=models.CASCADE, related_name="+")
    # The person's key in ParticipantMonth (kept here so that taking the mark back finds it
    # even after the sign-up's own personal fields changed).
    person = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "signup"], name="one_presence_per_signup")
        ]


class PlaceDay(models.Model):
    place = models.ForeignKey(MeetingPlace, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"))
    visitors = models.PositiveIntegerField(
        _("visitors"), default=0, validators=[MaxValueValidator(MAX_COUNT)]
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("visitors of a day")
        verbose_name_plural = _("visitors of days")
        constraints = [
            models.UniqueConstraint(fields=["place", "date"], name="one_place_day"),
        ]


class MonthFigure(models.Model):
    """The figures of one activity or one meeting place in one month (see figures.py)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, null=True, related_name="+")
    place = models.ForeignKey(MeetingPlace, on_delete=models.CASCADE, null=True, related_name="+")
    # Copied from the activity (its organisation; the place's or the address's municipality,
    # none online) or the place at each refresh: filters without joins.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, related_name="+"
    )
    welfare_area = models.ForeignKey(WelfareArea, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    month = models.DateField()  # the first day of the month
    dates_held = models.PositiveIntegerField(default=0)
    dates_cancelled = models.PositiveIntegerField(default=0)
    dates_recorded = models.PositiveIntegerField(default=0)
    visits = models.PositiveIntegerField(default=0)
    volunteers = models.PositiveIntegerField(default=0)
    volunteer_hours = models.DecimalField(max_digits=10, decimal_places=1, default=0)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "month"],
                condition=Q(activity__isnull=False),
                name="one_figure_per_activity_month",
            ),
            models.UniqueConstraint(
                fields=["place", "month"],
                condition=Q(place__isnull=False),
                name="one_figure_per_place_month",
            ),
            models.CheckConstraint(
                condition=Q(activity__isnull=True) ^ Q(place__isnull=True),
                name="figure_of_activity_or_place",
            ),
        ]
        indexes = [
            # The yearly report: one organisation's rows of a year.
            models.Index(fields=["organisation", "month"], name="figure_org_month"),
            # The welfare area's knowledge page: one area's rows of a period, its sums read from
            # the index alone (rows of a month lie on as many pages as there are activities: a
            # year of Pirkanmaa's at the national benchmark's size 76 → 23 ms, bench/README.md).
            models.Index(
                fields=["welfare_area", "month"],
                include=[
                    "municipality",
                    "dates_held",
                    "dates_cancelled",
                    "dates_recorded",
                    "visits",
                    "volunteers",
                    "volunteer_hours",
                ],
                name="figure_area_month_cover",
            ),
        ]


class ParticipantMonth(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    welfare_area = models.ForeignKey(WelfareArea, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    month = models.DateField()
    person = models.CharField(max_length=32)  # keyed hash (services.participant_key)
    marks = models.PositiveIntegerField(default=0)  # the dates of the month they came

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "month", "person"], name="one_participant_month"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "month"], name="participant_org_month"),
            # Distinct participants of an area's period from the index alone (as above).
            models.Index(
                fields=["welfare_area", "month"],
                include=["municipality", "person"],
                name="participant_area_month_cover",
            ),
        ]


class FiguresReminder(models.Model):
    occurrence = models.OneToOneField(Occurrence, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
