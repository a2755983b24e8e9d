"""Partnership bodies of a welfare area: members, meetings, agendas, minutes, action items.

- A `Body` (partnership table, association arena, expert group, interface sub-committee, ...)
  belongs to one welfare area; its `BodyMember`s are people (with or without an account), each
  representing an organisation of the registry, with a role and a term.
- A `Meeting` has agenda items (`AgendaItem`: title, presenter, background, proposed decision,
  attachments) and attendance (`Meeting.attendees`). The minutes of an item are its discussion
  summary, decision and outcome, written on the item by the secretary.
- The minutes workflow lives on the meeting (`minutes_state`): draft → review (attending members
  comment until `review_ends_at`) → the chair approves, which publishes a `MinutesVersion`: a
  frozen copy of the minutes. The public reads only published versions, so a published text
  never changes silently: a correction is a new version with its note.
- `ActionItem`s follow from decisions: an owner (an organisation or a member), a due date and a
  status whose changes are kept (`ActionStatusChange`). `ActionReminder` rows are the claims of
  the reminder e-mails (one row per unique key: sent once).
- `Attachment`s are stored outside MEDIA_ROOT under generated names and served only through an
  access-checked view (bodies/attachments.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import WelfareArea
from organisations.models import Organisation
from portal.lib.translation import localised_method, localised_property
from taxonomy.models import Network


class BodyKind(models.TextChoices):
    # The partnership-body kinds of taxonomy.Network.Kind, and the bodies that are no network.
    ARENA = Network.Kind.ARENA.value, Network.Kind.ARENA.label
    PARTNERSHIP_TABLE = Network.Kind.PARTNERSHIP_TABLE.value, Network.Kind.PARTNERSHIP_TABLE.label
    EXPERT_GROUP = Network.Kind.EXPERT_GROUP.value, Network.Kind.EXPERT_GROUP.label
    SECTOR = Network.Kind.SECTOR.value, Network.Kind.SECTOR.label
    SUBCOMMITTEE = "subcommittee", _("Interface sub-committee")
    OTHER = "other", _("Other body")


class Body(models.Model):
    welfare_area = models.ForeignKey(
        WelfareArea, verbose_name=_("welfare area"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bodies",
        help_text=_("The network of the registry this body is, if any."),
    )
    slug = models.SlugField(_("web address"), max_length=120, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name_fi"]

    __str__ = localised_method("name")
    name = localised_property()
    description = localised_property()


class BodyMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")
        DEPUTY = "deputy", _("Deputy member")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_memberships",
    )
    # Where a member without an account is told of agendas, minutes and actions (a member with
    # an account is e-mailed at the account's address).
    email = models.EmailField(_("e-mail address"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation represented"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("body member")
        verbose_name_plural = _("body members")
        ordering = ["body", "role", "name"]
        indexes = [models.Index(fields=["user", "body"], name="bodies_member_user")]

    def __str__(self) -> str:
        return self.name

    @property
    def contact_email(self) -> str:
        if self.user is not None and self.user.email:  # no query when there is no user
            return self.user.email
        return self.email

    def is_current(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.term_start <= day and (self.term_end is None or self.term_end >= day)


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    agenda_published_at = models.DateTimeField(_("agenda published"), null=True, blank=True)
    attendees = models.ManyToManyField(
        BodyMember, verbose_name=_("attendance"), blank=True, related_name="meetings_attended"
    )
    minutes_state = models.CharField(
        _("minutes"), max_length=10, choices=MinutesState.choices, default=MinutesState.DRAFT
    )
    review_ends_at = models.DateTimeField(_("comments close"), null=True, blank=True)
    # Minutes checkers (pöytäkirjantarkastajat): attending members who confirm the minutes in
    # review (MinutesCheck) before the chair may approve them.
    checkers = models.ManyToManyField(
        BodyMember, verbose_name=_("minutes checkers"), blank=True, related_name="+"
    )
    # The published version's number (0: never published); a correction in progress is a draft
    # or review with published_version > 0, while the public still sees the last version.
    published_version = models.PositiveIntegerField(default=0)
    correction_note = models.TextField(_("what the correction changes"), blank=True)
    # The .ics SEQUENCE (RFC 5545): raised each time a meeting whose invitation went out moves
    # (time or place), when the updated invitation is sent, so calendars replace the event.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    # Not columns: how many were e-mailed by the last bodies.services.meeting_save (the updated
    # invitation) and agenda_publish (the invitation), for the organiser's message.
    reinvited: int
    invited: int

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["body", "starts_at"], name="bodies_meeting_body_start")]

    def __str__(self) -> str:
        return f"{self.body} {timezone.localtime(self.starts_at):%d.%m.%Y}"

    @property
    def agenda_is_public(self) -> bool:
        return self.agenda_published_at is not None

    @property
    def minutes_are_public(self) -> bool:
        return self.published_version > 0

    @property
    def is_public(self) -> bool:
        return self.agenda_is_public or self.minutes_are_public

    @property
    def in_correction(self) -> bool:
        """Published minutes being corrected: what is added stays private until approval."""
        return self.published_version > 0 and self.minutes_state != MinutesState.PUBLISHED

    @property
    def is_upcoming(self) -> bool:
        return self.starts_at >= timezone.now()


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Approved as proposed")
    AMENDED = "amended", _("Approved as amended")
    REJECTED = "rejected", _("Rejected")
    TABLED = "tabled", _("Tabled")
    NOTED = "noted", _("Noted for information")
    RETURNED = "returned", _("Returned for preparation")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=200)
    presenter = models.CharField(_("presenter"), max_length=150, blank=True)
    background = models.TextField(_("background"), blank=True)
    proposed_decision = models.TextField(_("proposed decision"), blank=True)
    # The minutes of the item (drafted by the secretary).
    discussion = models.TextField(_("discussion summary"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    # Added in a correction of published minutes that the chair has not approved yet: not
    # public (nor in the archive) until the approval clears it.
    pending = models.BooleanField(default=False)
    # The running § number of the body's minutes in the meeting's year, given when the
    # minutes that contain the item are first approved (never changed after).
    section = models.PositiveIntegerField(_("section (§)"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class MinutesVersion(models.Model):
    """A published, frozen copy of a meeting's minutes. Never edited: a correction adds one."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    # {"items": [{"id", "position", "title", "presenter", "discussion", "decision", "outcome",
    # "proposed_decision"}], "attendees": [{"name", "organisation", "role"}]}
    snapshot = models.JSONField()
    note = models.TextField(_("correction note"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_by_name = models.CharField(max_length=150, blank=True)
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="bodies_minutes_version")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.number}"


class MinutesComment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    author = models.ForeignKey(BodyMember, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


class MinutesCheck(models.Model):
    """A minutes checker's confirmation of the minutes in review (cleared when the minutes are
    sent for review again)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="checks")
    member = models.ForeignKey(BodyMember, on_delete=models.CASCADE, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="bodies_minutes_check")
        ]


class MinutesRevision(models.Model):
    """The minutes as they were when sent for review (number 1) and after each edit during the
    review: the chair and those who commented see what changed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    made_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="bodies_minutes_revision")
        ]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionItem(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("what is to be done"), max_length=300)
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_member = models.ForeignKey(
        BodyMember,
        verbose_name=_("owner member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    # Added in a correction not approved yet: not public until the approval clears it.
    pending = models.BooleanField(default=False)
    # When its owner was told of it (on the approval of the minutes that decided it).
    owner_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"], name="bodies_action_status_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        if self.owner_member is not None:  # no query when there is no owner
            return self.owner_member.name
        if self.owner_organisation is not None:
            return self.owner_organisation.public_name
        return ""

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_STATUSES and self.due_date < timezone.localdate()


class ActionStatusChange(models.Model):
    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=12, choices=ActionStatus.choices)
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Who changed it, as the history shows it: the member's name in the body, else the
    # account's name (kept when the account is deleted, as MinutesVersion.approved_by_name).
    changed_by_name = models.CharField(max_length=150, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]


class ActionReminder(models.Model):
    """The claim of one reminder: its key is unique, so a sweep run twice sends it once."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due in a week")
        OVERDUE = "overdue", _("Overdue")

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=80, unique=True)
    recipients = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        ODT = "odt", "ODT"
        XLSX = "xlsx", "XLSX"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    # What the file is, as the pages show it (the file name when empty).
    title = models.CharField(_("title"), max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    size = models.PositiveIntegerField()
    # A PDF without accessibility tags (no /MarkInfo Marked true or /StructTreeRoot).
    untagged_pdf = models.BooleanField(default=False)
    # Added in a correction not approved yet: not public until the approval clears it.
    pending = models.BooleanField(default=False)
    # Removed (or replaced) in a correction: public until the approval deletes it.
    remove_on_approval = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.title or self.original_name
