"""Activities held at meeting places, their breaks and their stored occurrences."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import Municipality, WelfareArea, validate_postcode
from organisations.models import Organisation
from organisations.validators import validate_e164_phone
from portal.lib.translation import localised_method
from taxonomy.models import ServiceLanguage, Term, terms_field

from .places import MeetingPlace, PublishStatus


class ActivityKind(models.TextChoices):
    PEER_SUPPORT = "peer_support", _("Peer support group")
    DROP_IN = "drop_in", _("Open drop-in")
    CLUB = "club", _("Club")
    COURSE = "course", _("Course")
    EVENT = "event", _("Event")
    VOLUNTEER_TASK = "volunteer_task", _("Volunteer task")


class Venue(models.TextChoices):
    PLACE = "place", _("At a meeting place")
    ADDRESS = "address", _("At another address")
    ONLINE = "online", _("Online")


class ActivityQuerySet(models.QuerySet):
    def published(self) -> ActivityQuerySet:
        return self.filter(
            status=PublishStatus.PUBLISHED,
            organisation__status="published",
            organisation__merged_into__isnull=True,
        )


class Activity(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    # The organisation's area when the activity was saved (services keep it in step): area
    # filters and coordinators' rights without a join.
    welfare_area = models.ForeignKey(
        WelfareArea, on_delete=models.PROTECT, related_name="activities"
    )
    slug = models.SlugField(_("web address"), max_length=220, unique=True)
    kind = models.CharField(_("kind of activity"), max_length=20, choices=ActivityKind.choices)
    title_fi = models.CharField(_("title in Finnish"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    summary_fi = models.TextField(_("plain-language summary in Finnish"), blank=True)
    summary_sv = models.TextField(_("plain-language summary in Swedish"), blank=True)
    summary_en = models.TextField(_("plain-language summary in English"), blank=True)
    target_groups = terms_field(Term.Kind.TARGET_GROUP, "activities_as_target_group")
    themes = terms_field(Term.Kind.THEME, "activities_as_theme")

    # Where
    venue = models.CharField(_("where"), max_length=10, choices=Venue.choices)
    place = models.ForeignKey(
        MeetingPlace,
        verbose_name=_("meeting place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, validators=[validate_postcode]
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    online_url = models.URLField(_("link to the online meeting"), blank=True)
    online_url_public = models.BooleanField(
        _("show the link to everyone"),
        default=False,
        help_text=_("Otherwise only people who signed up see it."),
    )

    # When (Europe/Helsinki local time; see meetingplaces/schedule.py)
    start_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    recurrence = models.CharField(
        _("repeats"),
        max_length=300,
        blank=True,
        help_text=_("An RFC 5545 rule, for example FREQ=WEEKLY;INTERVAL=2;BYDAY=TU."),
    )
    end_date = models.DateField(_("last date"), null=True, blank=True)
    extra_dates = ArrayField(
        models.DateField(), verbose_name=_("other dates"), default=list, blank=True
    )
    skipped_dates = ArrayField(
        models.DateField(), verbose_name=_("skipped dates"), default=list, blank=True
    )

    # Cost and sign-up
    is_free = models.BooleanField(_("free of charge"), default=True)
    fee_amount = models.DecimalField(
        _("fee (euros)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    fee_note = models.CharField(_("about the fee"), max_length=200, blank=True)
    signup_required = models.BooleanField(_("sign-up needed"), default=False)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    is_sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_(
            "For example mental-health or substance peer groups: messages never name the group "
            "and signing up asks for consent."
        ),
    )

    languages = ArrayField(
        models.CharField(max_length=10, choices=ServiceLanguage.choices),
        verbose_name=_("languages"),
        default=list,
        blank=True,
    )
    accessibility_fi = models.TextField(_("accessibility notes (Finnish)"), blank=True)
    accessibility_sv = models.TextField(_("accessibility notes (Swedish)"), blank=True)
    accessibility_en = models.TextField(_("accessibility notes (English)"), blank=True)
    contact_role = models.CharField(
        _("contact person's role"),
        max_length=120,
        blank=True,
        help_text=_("For example: group leader. A role, not a private person's name."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(
        _("contact phone number"),
        max_length=20,
        blank=True,
        validators=[validate_e164_phone],
        help_text=_("Only a number the organisation publishes."),
    )

    status = models.CharField(
        _("status"), max_length=10, choices=PublishStatus.choices, default=PublishStatus.PUBLISHED
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ActivityQuerySet.as_manager()

    # Not columns: what lists of coming activities show of each, set by
    # meetingplaces.pages.with_next_dates for their templates.
    next_dates: list[NextDate]
    where_label: str
    fee: str

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["title_fi"]
        indexes = [
            models.Index(fields=["welfare_area", "status"]),
            # The open data API: modified_since, and activities at an address inside a box.
            models.Index(fields=["updated_at"], name="activity_updated"),
            models.Index(fields=["latitude", "longitude"], name="activity_point"),
            # A place's activities, with their ids in the index: the API's activities near a
            # point and modified_since read the ids of the activities at a town's places from
            # the index alone (bench/README.md: Helsinki's 832 places, 3.9 -> 1.9 ms).
            models.Index(fields=["place", "id"], name="activity_place"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(venue="place") | models.Q(place__isnull=False),
                name="activity_place_venue_has_place",
            ),
        ]

    def __str__(self) -> str:
        return self.title()

    def get_absolute_url(self) -> str:
        return reverse("meetingplaces:activity", kwargs={"slug": self.slug})

    title = localised_method("title")
    description = localised_method("description")
    summary = localised_method("summary")

    @property
    def is_published(self) -> bool:
        return self.status == PublishStatus.PUBLISHED

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence)

    def public_place(self) -> MeetingPlace | None:
        """The meeting place that public pages and feeds may name: the activity's place only
        while it is published (a draft's or an archived place's name and address are not
        public)."""
        if self.venue == Venue.PLACE and self.place is not None and self.place.is_published:
            return self.place
        return None

    def point(self) -> tuple[float, float] | None:
        """Where the activity is on a map: its place's point, its own, or none (online)."""
        if self.venue == Venue.PLACE and self.place is not None:
            return (self.place.latitude, self.place.longitude)
        if self.venue == Venue.ADDRESS and self.latitude is not None and self.longitude is not None:
            return (self.latitude, self.longitude)
        return None


class ActivityBreak(models.Model):
    """A break the organiser declares ("Joulutauko 20.12.–6.1."): the activity's dates in it are
    cancelled with the break's note (services.occurrences_regenerate), and the activity's page,
    its place's page and the calendar feeds say so."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="breaks")
    starts_on = models.DateField(_("first day of the break"))
    ends_on = models.DateField(_("last day of the break"))
    note = models.CharField(
        _("name of the break"),
        max_length=200,
        help_text=_("For example: Christmas break. People see it beside the cancelled dates."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="break_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.note} {self.period()}"

    def period(self) -> str:
        start, end = self.starts_on, self.ends_on
        if start == end:
            return f"{start.day}.{start.month}.{start.year}"
        if start.year == end.year:
            return f"{start.day}.{start.month}.–{end.day}.{end.month}.{end.year}"
        return f"{start.day}.{start.month}.{start.year}–{end.day}.{end.month}.{end.year}"

    def covers(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class Occurrence(models.Model):
    """One date of an activity, stored for the next 12 months.

    `date` is the local date the schedule gives; it is the row's key within the activity, so
    regenerating a schedule keeps rows whose date stays and updates their times. A moved
    occurrence keeps `date` and gets other `starts_at`/`ends_at` (and maybe another place)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("As planned")
        MOVED = "moved", _("Moved")
        CANCELLED = "cancelled", _("Cancelled")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="occurrences")
    date = models.DateField(_("date in the schedule"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    place = models.ForeignKey(
        MeetingPlace,
        verbose_name=_("moved to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Only when this date is held somewhere else than usual."),
    )
    note = models.TextField(_("note"), blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    # Why the services, not the organiser, cancelled the date: its meeting place is closed
    # (a public holiday or a closed day) or a break covers it. HELD: the organiser restored
    # such a date, which then stays as planned.
    closure = models.CharField(
        max_length=12,
        blank=True,
        db_default="",  # bulk loaders (bench/) that COPY rows without it
        choices=[
            ("place_closed", _("The meeting place is closed")),
            ("break", _("A break")),
            ("held", _("Held all the same")),
        ],
    )

    # Not a column: the date's note in the page's language, set by the organisers' list of
    # coming dates for its template.
    shown_note: str

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "date"], name="one_occurrence_per_date"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="occurrence_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["activity", "starts_at"]),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.activity} {local:%d.%m.%Y %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def public_place(self) -> MeetingPlace | None:
        """Where public pages and feeds say this date is held: the place it was moved to, or
        the activity's own, and only a published one (see Activity.public_place)."""
        if self.place is not None:  # no query when there is no place
            return self.place if self.place.is_published else None
        return self.activity.public_place()

    @property
    def at_hidden_place(self) -> bool:
        """Held at a meeting place whose details are not public."""
        at_place = self.place_id is not None or self.activity.venue == Venue.PLACE
        return at_place and self.public_place() is None


class NextDate:
    """One of an activity's next dates as lists of coming activities show it."""

    def __init__(self, starts_at: dt.datetime, ends_at: dt.datetime, status: str) -> None:
        self.starts_at, self.ends_at, self.status = starts_at, ends_at, status

    @property
    def is_cancelled(self) -> bool:
        return self.status == Occurrence.Status.CANCELLED

    @property
    def is_moved(self) -> bool:
        return self.status == Occurrence.Status.MOVED
