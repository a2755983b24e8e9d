"""Guidance both ways: professionals of the welfare area's units, their shortlists for the person
in front of them, and contact requests between a unit and an association (a warm hand-off).

What is kept about the person being guided is only what a contact request needs, only with
their consent, and only until the request is closed or 60 days have passed
(`services.requests_erase`); the rows stay, emptied, so the figures (guidance/figures.py) still
count them. A shortlist is the professional's own working list and names nobody.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisations.models import EmailInvitation


class Professional(models.Model):
    """A welfare-area employee attached to one unit (one row per unit they work for)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="professional_units",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=pgettext_lazy("guidance", "unit"),
        on_delete=models.CASCADE,
        related_name="professionals",
    )
    created_at = models.DateTimeField(default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = pgettext_lazy("guidance", "professional")
        verbose_name_plural = _("professionals")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="guidance_one_professional_row")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit}"


class ProfessionalInvitation(EmailInvitation):
    """A coordinator's invitation to work as a professional of a unit (an e-mailed invitation
    as the registry's organisations.Invitation)."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=pgettext_lazy("guidance", "unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation of a professional")
        verbose_name_plural = _("invitations of professionals")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "email"],
                condition=Q(accepted_at__isnull=True),
                name="guidance_one_open_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.unit}"


class ItemKind(models.TextChoices):
    """What a shortlist holds: the residents' search kinds (search.models.SearchEntry.kind)."""

    ACTIVITY = "activity", _("Activity")
    PLACE = "place", _("Meeting place")
    ORGANISATION = "organisation", _("Organisation")


class Shortlist(models.Model):
    """The professional's current list for the person in front of them (one per professional,
    in the database, so every web process shows the same list). It names nobody: the note is
    for the person to read and the form says not to write who they are."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guidance_shortlist"
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("a note for the person"), max_length=1000, blank=True)
    language = models.CharField(
        _("the person's language"), max_length=5, choices=settings.LANGUAGES, default="fi"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")


class ShortlistItem(models.Model):
    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    object_id = models.BigIntegerField()
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shortlist", "kind", "object_id"], name="guidance_item_once"
            )
        ]


class SharedList(models.Model):
    """A frozen copy of a shortlist behind a short link: read-only, for 30 days, then deleted
    (services.shared_lists_delete_expired). No owner is kept: it names nobody."""

    token = models.CharField(max_length=24, unique=True)
    items = models.JSONField(default=list)  # [[kind, object_id], ...]
    note = models.TextField(blank=True)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="fi")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="guidance_shared_expiry")]


class Handover(models.Model):
    """One shortlist handed over (printed, linked, e-mailed, texted): counted per unit and month
    by the figures; nothing else is kept."""

    class Channel(models.TextChoices):
        PRINT = "print", pgettext_lazy("handover", "printed")
        LINK = "link", pgettext_lazy("handover", "short link")
        EMAIL = "email", pgettext_lazy("handover", "e-mail")
        SMS = "sms", pgettext_lazy("handover", "text message")

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    items = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)


class RequestStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("contact request", "New")
    CONTACTED = "contacted", pgettext_lazy("contact request", "Contacted")
    JOINED = "joined", pgettext_lazy("contact request", "Joined")
    UNREACHABLE = "unreachable", pgettext_lazy("contact request", "Could not reach")


CLOSED_STATUSES = (RequestStatus.JOINED, RequestStatus.UNREACHABLE)
# A request's personal data is erased when it is closed, or this long after it was sent.
REQUEST_RETENTION = timedelta(days=60)


class ContactRequestQuerySet(models.QuerySet["ContactRequest"]):
    def to_erase(self, now=None) -> ContactRequestQuerySet:
        """Requests whose personal data must go: closed, or older than the retention."""
        now = now or timezone.now()
        return self.filter(erased_at__isnull=True).filter(
            Q(status__in=CLOSED_STATUSES) | Q(created_at__lt=now - REQUEST_RETENTION)
        )


class ContactRequest(models.Model):
    """A warm hand-off, sent with the person's consent: from a unit's professional to an
    association, or from an association's volunteer to a unit's collaboration contact.

    The personal fields (first name, phone, e-mail, message) are emptied when the request is
    closed or 60 days after it was sent; the row stays for the figures."""

    class Direction(models.TextChoices):
        TO_ORGANISATION = "to_organisation", _("From a unit to an association")
        TO_UNIT = "to_unit", _("From an association to a unit")

    direction = models.CharField(max_length=20, choices=Direction.choices)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=pgettext_lazy("guidance", "unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=pgettext_lazy("guidance", "association"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    activity = models.ForeignKey(
        "meetingplaces.Activity",
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    theme = models.ForeignKey(
        "taxonomy.Term",
        verbose_name=pgettext_lazy("guidance", "theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "theme"},
    )
    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The person's data: only what the other side needs to get in touch.
    first_name = models.CharField(_("first name or nickname"), max_length=60, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="fi"
    )
    message = models.TextField(_("a short message"), max_length=500, blank=True)
    consent_at = models.DateTimeField()
    consent_version = models.CharField(max_length=40)

    status = models.CharField(
        max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = ContactRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at"]
        indexes = [
            # The erase job: requests whose data is still there.
            models.Index(
                fields=["created_at"],
                name="guidance_request_not_erased",
                condition=Q(erased_at__isnull=True),
            ),
        ]

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class RequestRead(models.Model):
    """Who opened a request's personal data, and when (the log every read writes)."""

    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-read_at"]
