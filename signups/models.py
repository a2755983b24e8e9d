"""Sign-ups for occurrences of activities, their reminders, and each activity's reminder times.

- `Signup`: one person for one occurrence. A sign-up for a whole recurring activity is one row
  per stored occurrence sharing a `series` id, so seats and the waiting list are simply per
  occurrence (row lock on the occurrence, services.py). Dates stored later (the daily extension,
  a schedule change) join every active series (services.series_extend).
- `Reminder`: one row per (sign-up, occurrence, kind), due at an instant computed in Helsinki
  time; the outbox of reminders (sent once, claimed with a conditional UPDATE: tasks.py).
- `ReminderSettings`: an activity's lead times (default: the day before at 18:00 local time and
  2 hours before).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from meetingplaces.models import Activity, Occurrence

# Lead times: "d<days>@<HH:MM>" (that many days before, at a local wall-clock time) or
# "m<minutes>" (that long before the start, in real time).
LEAD_CHOICES = [
    ("d2@18:00", _("two days before at 18:00")),
    ("d1@18:00", _("the day before at 18:00")),
    ("d1@09:00", _("the day before at 9:00")),
    ("m1440", _("24 hours before")),
    ("m120", _("2 hours before")),
    ("m60", _("1 hour before")),
]
DEFAULT_LEADS = ["d1@18:00", "m120"]


def default_leads() -> list[str]:
    return list(DEFAULT_LEADS)


class ReminderSettings(models.Model):
    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    leads = ArrayField(
        models.CharField(max_length=12, choices=LEAD_CHOICES),
        verbose_name=_("reminders"),
        default=default_leads,
        blank=True,
    )

    class Meta:
        verbose_name = _("reminder times")
        verbose_name_plural = _("reminder times")

    def __str__(self) -> str:
        return f"{self.activity}: {', '.join(self.leads)}"


class Signup(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Signed up")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Not confirmed in time")

    ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITING)

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="signups")
    series = models.UUIDField(null=True, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signups",
    )
    # Personal data: erased 30 days after the occurrence (retention.signups_erase_old).
    name = models.CharField(_("name or nickname"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    language = models.CharField(max_length=8, default="fi")
    show_name = models.BooleanField(_("the organisers may see my name"), default=False)
    # The organisers' participant list and export show the contact details only when this is on.
    share_contact = models.BooleanField(
        _("the organisers may see my email or phone number"), default=False
    )
    reminders_on = models.BooleanField(_("send me reminders"), default=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_version = models.CharField(max_length=40, blank=True)
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The waiting list's order: when the person was put on it.
    waiting_since = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["occurrence", "status"]),
            models.Index(
                fields=["created_at"],
                name="signup_pending_created",
                condition=Q(status="pending"),
            ),
            # The daily erase (retention.signups_to_erase): only the sign-ups not yet erased.
            models.Index(
                fields=["occurrence"],
                name="signup_not_erased",
                condition=Q(erased_at__isnull=True),
            ),
        ]
        constraints = [
            # One active sign-up per account and occurrence (a second click changes nothing).
            models.UniqueConstraint(
                fields=["occurrence", "user"],
                condition=Q(status__in=["pending", "confirmed", "waiting"], user__isnull=False),
                name="one_active_signup_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def contact(self) -> str:
        return self.email or self.phone


class Reminder(models.Model):
    """One reminder of one sign-up: the row is the claim (see signups/reminders.py)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be delivered")
        SKIPPED = "skipped", _("Not sent")

    signup = models.ForeignKey(Signup, on_delete=models.CASCADE, related_name="reminders")
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Set by the sweep when it hands the row to a batch task (so overlapping sweeps do not
    # queue it twice); cleared when queueing failed.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["signup", "occurrence", "kind"], name="one_reminder_per_signup_kind"
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                name="reminder_open_due",
                condition=Q(status__in=["pending", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signup_id}/{self.occurrence_id}/{self.kind} {self.status}"

    @property
    def channel_label(self) -> str:
        """How it was to go: what organisers see of a failed reminder (never `last_error`,
        which names the address; that is for staff in the admin)."""
        if not self.signup.email and self.signup.phone:
            return pgettext("channel", "text message")
        return pgettext("channel", "e-mail")


class CalendarFeed(models.Model):
    """A person's secret calendar address of their own sign-ups (webcal). Resetting it makes a
    new token: the old address stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signup_calendar"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar address of sign-ups")
        verbose_name_plural = _("calendar addresses of sign-ups")

    def __str__(self) -> str:
        return f"{self.user_id}"


class OrganiserNotice(models.Model):
    """What an organiser wants to be told of one activity's sign-ups (signups/notices.py)."""

    class Mode(models.TextChoices):
        EACH = "each", _("At once, one e-mail each time")
        DAILY = "daily", _("A daily summary")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="organiser_notices"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signup_notices"
    )
    on_signup = models.BooleanField(_("someone signs up"), default=False)
    on_cancel = models.BooleanField(_("someone cancels"), default=False)
    on_full = models.BooleanField(_("a date becomes full"), default=False)
    mode = models.CharField(
        pgettext_lazy("notice setting", "how"),
        max_length=8,
        choices=Mode.choices,
        default=Mode.EACH,
    )
    # The daily summary's claim: the end of the period the last summary covered.
    summary_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("organiser's notice")
        verbose_name_plural = _("organisers' notices")
        constraints = [
            models.UniqueConstraint(fields=["activity", "user"], name="one_notice_per_organiser"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.user_id} {self.mode}"
