"""The organisation registry: associations and foundations of a welfare area.

Rules that involve one row live here (validation, constraints, QuerySets named in domain words);
writes that touch several models, history and e-mails live in services.py.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Municipality, WelfareArea
from portal.lib.points import FINLAND_LATITUDE, FINLAND_LONGITUDE
from portal.lib.translation import localised_property

# The shared vocabulary lives in the taxonomy app; these names stay importable from here for the
# registry's own code written before the move.
from taxonomy.models import (
    Category,
    Network,
    Role,
    ServiceKind,
    ServiceLanguage,
    Term,
    terms_field,
)

from .validators import (
    validate_business_id,
    validate_e164_phone,
    validate_postcode,
    validate_register_number,
)


class Staffing(models.TextChoices):
    VOLUNTEERS = "volunteers", _("Volunteers only")
    PART_TIME = "part_time", _("Part-time staff")
    EMPLOYEES = "employees", _("Employees")


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Registered association")
    FOUNDATION = "foundation", _("Foundation")
    OTHER = "other", pgettext_lazy("organisation kind", "Other")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Awaiting review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class OrganisationQuerySet(models.QuerySet):
    def published(self) -> OrganisationQuerySet:
        return self.filter(status=Status.PUBLISHED, merged_into__isnull=True)

    def in_area(self, welfare_area: WelfareArea | int) -> OrganisationQuerySet:
        return self.filter(welfare_area=welfare_area)

    def awaiting_review(self) -> OrganisationQuerySet:
        return self.filter(Q(status=Status.IN_REVIEW) | Q(pending_changes__isnull=False)).filter(
            merged_into__isnull=True
        )

    def stale(self, *, months: int = 12) -> OrganisationQuerySet:
        """Published records nobody has confirmed for `months` months."""
        cutoff = timezone.now() - timedelta(days=round(months * 30.44))
        return self.published().filter(
            Q(last_confirmed_at__lt=cutoff)
            | Q(last_confirmed_at__isnull=True, created_at__lt=cutoff)
        )


class Organisation(models.Model):
    # Identity
    name = models.CharField(_("official name"), max_length=200)
    display_name = models.CharField(
        _("name people use"),
        max_length=200,
        blank=True,
        help_text=_("A shorter or everyday name, if people know you by another name."),
    )
    slug = models.SlugField(_("web address"), max_length=220, unique=True)
    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.ASSOCIATION,
    )
    business_id = models.CharField(
        _("business ID"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
        help_text=_("Y-tunnus, for example 1234567-1. Optional."),
    )
    register_number = models.CharField(
        _("association register number"),
        max_length=12,
        blank=True,
        validators=[validate_register_number],
        help_text=_("Yhdistysrekisterinumero, for example 123.456. Optional."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("national parent organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="branches",
        help_text=_("If you are a local branch, the national organisation you belong to."),
    )
    is_national = models.BooleanField(_("national organisation"), default=False)

    # Where and what
    welfare_area = models.ForeignKey(
        WelfareArea,
        verbose_name=_("welfare area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities where active"),
        blank=True,
        related_name="organisations",
    )
    categories = ArrayField(
        models.CharField(max_length=30, choices=Category.choices),
        verbose_name=_("sectors"),
        default=list,
        blank=True,
    )
    roles = ArrayField(
        models.CharField(max_length=30, choices=Role.choices),
        verbose_name=_("roles"),
        default=list,
        blank=True,
    )
    target_groups = terms_field(Term.Kind.TARGET_GROUP, "organisations_as_target_group")
    themes = terms_field(Term.Kind.THEME, "organisations_as_theme")
    languages = ArrayField(
        models.CharField(max_length=10, choices=ServiceLanguage.choices),
        verbose_name=_("languages served in"),
        default=list,
        blank=True,
    )
    other_languages = models.CharField(
        _("other languages"),
        max_length=200,
        blank=True,
        help_text=_("For example: Arabic, Russian, Somali."),
    )
    produces_services = models.BooleanField(_("produces social or health services"), default=False)
    service_kinds = ArrayField(
        models.CharField(max_length=30, choices=ServiceKind.choices),
        verbose_name=_("kinds of services produced"),
        default=list,
        blank=True,
    )
    staffing = models.CharField(
        _("staffing"), max_length=20, choices=Staffing.choices, default=Staffing.VOLUNTEERS
    )
    networks = models.ManyToManyField(
        Network, verbose_name=_("networks"), blank=True, related_name="organisations"
    )

    # Where it is (optional): the street address and postcode of its office or rooms, and a
    # point on the map the association sets by dropping a pin (no geocoding). With a point the
    # residents' search shows a true distance; with a postcode only, the postcode area's point
    # places it in a radius search without a distance (search/README.md, "Distance").
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, validators=[validate_postcode]
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FINLAND_LATITUDE[0]), MaxValueValidator(FINLAND_LATITUDE[1])],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(FINLAND_LONGITUDE[0]),
            MaxValueValidator(FINLAND_LONGITUDE[1]),
        ],
    )

    # Public contact details
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(
        _("public phone number"),
        max_length=20,
        blank=True,
        validators=[validate_e164_phone],
        help_text=_("Stored in international form, for example +358 40 123 4567."),
    )
    website = models.URLField(_("website"), blank=True)
    social_links = ArrayField(
        models.URLField(), verbose_name=_("social media links"), default=list, blank=True
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)

    # Texts in three languages; shown with fallback fi → sv → en.
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    summary_fi = models.TextField(_("plain-language summary in Finnish"), blank=True)
    summary_sv = models.TextField(_("plain-language summary in Swedish"), blank=True)
    summary_en = models.TextField(_("plain-language summary in English"), blank=True)

    # Workflow
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    archive_reason = models.TextField(_("reason for archiving"), blank=True)
    review_message = models.TextField(
        _("message from the coordinator"),
        blank=True,
        help_text=_("Shown to the organisation's members after a review."),
    )
    # Changes to a published profile that wait for a coordinator: {field: new value}.
    pending_changes = models.JSONField(_("changes awaiting review"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
    )

    # Freshness
    last_confirmed_at = models.DateTimeField(
        _("last confirmed by the organisation"), null=True, blank=True
    )
    last_reviewed_at = models.DateTimeField(
        _("last reviewed by a coordinator"), null=True, blank=True
    )
    freshness_reminder_sent_at = models.DateTimeField(
        _("freshness reminder sent"), null=True, blank=True
    )

    # Optimistic locking: each save increments it; a form posting an older one is a conflict.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["business_id"],
                condition=~Q(business_id=""),
                name="unique_business_id_when_given",
            ),
            models.UniqueConstraint(
                fields=["register_number"],
                condition=~Q(register_number=""),
                name="unique_register_number_when_given",
            ),
            models.CheckConstraint(
                condition=~Q(status="archived") | ~Q(archive_reason=""),
                name="archived_has_reason",
            ),
        ]
        indexes = [
            # Search (words, facets, typo-tolerant names) reads search.SearchEntry, not this
            # table: search/README.md.
            # The review queue and directory of one welfare area.
            models.Index(fields=["welfare_area", "status"], name="org_area_status"),
            # The open data API's modified_since (organisations and, through them, activities).
            models.Index(fields=["updated_at"], name="org_updated"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def public_name(self) -> str:
        return self.display_name or self.name

    @property
    def point(self) -> tuple[float, float] | None:
        """Its own point on the map (a dropped pin), if it has one."""
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)

    description = localised_property()
    summary = localised_property()

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED and self.merged_into_id is None

    @property
    def last_checked_at(self):
        dates = [d for d in (self.last_confirmed_at, self.last_reviewed_at) if d]
        return max(dates) if dates else None


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        EDITOR = "editor", _("Editor")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class EmailInvitation(models.Model):
    """An invitation e-mailed as a link with a token, valid two weeks and accepted once by the
    verified owner of the address (organisations.services.membership: invitation_is_expired,
    invitation_matches_user). Each kind adds what it invites to, with one open invitation per
    address there (a constraint of its own)."""

    email = models.EmailField(_("email address"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Invitation(EmailInvitation):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.EDITOR
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


class AccessRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="access_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="access_requests",
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="one_pending_access_request",
            )
        ]


class OrganisationVersion(models.Model):
    """One entry of an organisation's change history: a full snapshot after the change."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="versions"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=40)
    note = models.TextField(blank=True)
    snapshot = models.JSONField()

    class Meta:
        verbose_name = _("change history entry")
        verbose_name_plural = _("change history")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-changed_at"], name="orgversion_org_time")]


class SpreadsheetImportJob(models.Model):
    """An uploaded CSV/XLSX kept between the dry run and the confirmation
    (portal/lib/spreadsheet_import.py). Abstract: each importer keeps its jobs in a table of
    its own (organisations here, units.UnitImportJob)."""

    welfare_area = models.ForeignKey(WelfareArea, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=255)
    rows = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    applied_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True


class ImportJob(SpreadsheetImportJob):
    """An uploaded CSV/XLSX of organisations kept between the dry run and the confirmation."""
