"""Associations' own work: their profiles, members, access requests and yearly confirmation.

Thin views: rights come from organisations.access, writes from organisations.services.
"""

from __future__ import annotations

from typing import TypedDict

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import roles
from accounts.http import AuthenticatedHttpRequest
from portal.lib.fields import field_label

from .. import access, extensions
from ..forms import AccessRequestForm, InvitationForm, OrganisationForm, RoleForm
from ..models import AccessRequest, Invitation, Membership, Organisation, Status
from ..services import editing, freshness, membership
from ..services.core import EditConflict

FORM_TEMPLATE = "organisations/manage/organisation_form.html"


@login_required
@require_http_methods(["GET"])
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    invitations = Invitation.objects.filter(
        email__in=[e.lower() for e in verified],
        accepted_at__isnull=True,
        created_at__gte=timezone.now() - membership.INVITATION_VALID_FOR,
    ).select_related("organisation")
    own_requests = AccessRequest.objects.filter(
        user=user, status=AccessRequest.Status.PENDING
    ).select_related("organisation")
    requests_to_decide = (
        AccessRequest.objects.filter(
            status=AccessRequest.Status.PENDING,
            organisation__memberships__user=user,
            organisation__memberships__role=Membership.Role.ADMIN,
        )
        .select_related("organisation", "user")
        .order_by("created_at")
    )
    return render(
        request,
        "organisations/manage/dashboard.html",
        {
            "memberships": memberships,
            "invitations": invitations,
            "own_requests": own_requests,
            "requests_to_decide": requests_to_decide,
            # Sections of apps above the registry (guidance's contact requests).
            "extra_sections": [
                html
                for section in extensions.DASHBOARD_SECTIONS
                if (html := section(request, [m.organisation for m in memberships]))
            ],
        },
    )


def _likely_area(user) -> dict:
    """The welfare area a new organisation of this person most likely belongs to: the one area
    of their other organisations and coordinator roles, if there is exactly one."""
    areas = set(
        Organisation.objects.filter(memberships__user=user, welfare_area__isnull=False)
        .values_list("welfare_area_id", flat=True)
        .distinct()[:2]
    )
    areas |= roles.roles(user).area_ids
    return {"welfare_area": areas.pop()} if len(areas) == 1 else {}


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    submit = request.POST.get("action") == "submit"
    if request.POST.get("action") == "refresh":
        form = OrganisationForm.refreshed(request.POST)
        return render(request, FORM_TEMPLATE, {"form": form, "organisation": None})
    initial = {} if request.method == "POST" else _likely_area(request.user)
    form = OrganisationForm(
        request.POST or None, request.FILES or None, complete=submit, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        organisation = editing.organisation_create(
            user=request.user, changes=form.changes(), submit=submit
        )
        if submit:
            messages.success(request, _("Thank you! Your information is now awaiting review."))
        else:
            messages.success(request, _("The draft was saved. You can continue at any time."))
        return redirect("manage:organisation", slug=organisation.slug)
    return render(request, FORM_TEMPLATE, {"form": form, "organisation": None})


@login_required
@require_http_methods(["GET"])
def organisation_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = access.get_organisation_for_edit(request.user, slug)
    names = editing.reviewed_field_names()
    pending = [
        (field_label(Organisation, names[attname]), value)
        for attname, value in (organisation.pending_changes or {}).items()
        if attname in names
    ]
    try:
        public_url = organisation.get_absolute_url() if organisation.is_published else ""
    except NoReverseMatch:
        public_url = ""
    return render(
        request,
        "organisations/manage/organisation_detail.html",
        {
            "organisation": organisation,
            "public_url": public_url,
            "pending": pending,
            "can_manage_members": access.can_manage_members(request.user, organisation),
            "can_submit": _can_submit(organisation),
        },
    )


def _can_submit(organisation: Organisation) -> bool:
    return organisation.status in (Status.DRAFT, Status.ARCHIVED) and not (
        organisation.merged_into_id
    )


class _FormKwargs(TypedDict):
    instance: Organisation
    initial: dict
    complete: bool
    reviewed: bool


def _pending_initial(organisation: Organisation) -> dict:
    """Show a published profile's reviewed fields with the values waiting for review."""
    names = editing.reviewed_field_names()
    return {
        names[attname]: value
        for attname, value in (organisation.pending_changes or {}).items()
        if attname in names
    }


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = access.get_organisation_for_edit(request.user, slug)
    if organisation.merged_into_id:
        messages.error(request, _("This organisation has been merged into another one."))
        return redirect("manage:organisation", slug=slug)
    submit = request.POST.get("action") == "submit" and _can_submit(organisation)
    complete = submit or organisation.status in (Status.IN_REVIEW, Status.PUBLISHED)
    form_kwargs = _FormKwargs(
        # The form changes its instance while validating: give it a copy of its own.
        instance=Organisation.objects.get(pk=organisation.pk),
        initial=_pending_initial(organisation),
        complete=complete,
        reviewed=organisation.is_published,
    )
    if request.POST.get("action") == "refresh":
        form = OrganisationForm.refreshed(request.POST, **form_kwargs)
    else:
        form = OrganisationForm(request.POST or None, request.FILES or None, **form_kwargs)
    conflict_fields: list[str] | None = None
    if request.method == "POST" and form.is_bound and form.is_valid():
        try:
            result = editing.organisation_update(
                organisation=organisation,
                user=request.user,
                changes=form.changes(),
                expected_version=form.cleaned_data.get("version") or 0,
                submit=submit,
            )
        except EditConflict:
            names = editing.organisation_conflicting_fields(
                organisation=organisation, changes=form.changes()
            )
            conflict_fields = [str(form.fields[name].label) for name in names]
            # The next save is a deliberate one, based on what is saved now.
            data = request.POST.copy()
            data["version"] = str(Organisation.objects.get(pk=organisation.pk).version)
            form.data = data
        else:
            if submit:
                messages.success(request, _("Thank you! Your information is now awaiting review."))
            elif result.pending:
                labels = ", ".join(str(form.fields[name].label) for name in result.pending)
                messages.success(
                    request,
                    _("Your changes were published, except these, which wait for the "
                      "coordinator's review: %(fields)s.") % {"fields": labels},
                )  # fmt: skip
            elif result.organisation.is_published:
                messages.success(request, _("Your changes were published."))
            else:
                messages.success(request, _("Your changes were saved."))
            return redirect("manage:organisation", slug=result.organisation.slug)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "organisation": organisation,
            "can_submit": _can_submit(organisation),
            "conflict_fields": conflict_fields,
        },
    )


@login_required
@require_POST
def confirm_own(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = access.get_organisation_for_edit(request.user, slug)
    freshness.organisation_confirm(organisation=organisation, user=request.user)
    messages.success(request, _("Thank you for confirming that your information is correct."))
    return redirect("manage:organisation", slug=slug)


# Members


@login_required
@require_http_methods(["GET", "POST"])
def members(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = access.get_organisation_for_members(request.user, slug)
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        membership.invitation_create(
            organisation=organisation,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
        )
        messages.success(
            request,
            _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("manage:members", slug=slug)
    return render(
        request,
        "organisations/manage/members.html",
        {
            "organisation": organisation,
            "form": form,
            "memberships": organisation.memberships.select_related("user").order_by("user__email"),
            "invitations": organisation.invitations.filter(accepted_at__isnull=True).order_by(
                "email"
            ),
            "access_requests": organisation.access_requests.filter(
                status=AccessRequest.Status.PENDING
            ).select_related("user"),
            "roles": Membership.Role.choices,
            "now_minus_valid": timezone.now() - membership.INVITATION_VALID_FOR,
            "extra_sections": [
                html
                for section in extensions.MEMBERS_SECTIONS
                if (html := section(request, organisation))
            ],
        },
    )


@login_required
@require_POST
def member_role(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    member = access.get_membership_for_members(request.user, slug, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            membership.membership_change_role(membership=member, role=form.cleaned_data["role"])
        except membership.MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(person)s is now %(role)s.")
                % {"person": member.user, "role": member.get_role_display().lower()},
            )
    return redirect("manage:members", slug=slug)


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    member = access.get_membership_for_members(request.user, slug, pk)
    try:
        membership.membership_remove(membership=member)
    except membership.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(person)s was removed.") % {"person": member.user})
    return redirect("manage:members", slug=slug)


@login_required
@require_POST
def invitation_cancel(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    invitation = access.get_invitation_for_members(request.user, slug, pk)
    membership.invitation_cancel(invitation=invitation)
    messages.success(request, _("The invitation was cancelled."))
    return redirect("manage:members", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    invitation = access.get_invitation_by_token(token)
    problem = ""
    if invitation.accepted_at is not None:
        problem = _("This invitation has already been used.")
    elif membership.invitation_is_expired(invitation):
        problem = _("This invitation has expired. Ask the organisation for a new one.")
    elif not membership.invitation_matches_user(invitation=invitation, user=request.user):
        problem = _invitation_address_problem(invitation, request.user)
    if request.method == "POST" and not problem:
        try:
            membership.invitation_accept(invitation=invitation, user=request.user)
        except membership.MembershipError as error:
            problem = str(error)
        else:
            messages.success(
                request,
                _("Welcome! You are now a member of %(organisation)s.")
                % {"organisation": invitation.organisation},
            )
            return redirect("manage:organisation", slug=invitation.organisation.slug)
    return render(
        request,
        "organisations/manage/invitation_accept.html",
        {"invitation": invitation, "problem": problem},
        status=400 if problem and request.method == "POST" else 200,
    )


def _invitation_address_problem(invitation: Invitation, user) -> str:
    """Why this account cannot accept: the invited address is named only to its own account
    (anyone who got hold of the link would otherwise learn it)."""
    if EmailAddress.objects.filter(user=user, email__iexact=invitation.email).exists():
        return _(
            "This invitation was sent to %(email)s, which is not verified in your account yet. "
            "Verify the address on your account's e-mail page, then open this link again."
        ) % {"email": invitation.email}
    return _(
        "This invitation was sent to another e-mail address than yours. Log in with the "
        "account of the invited address, or ask the organisation to invite the address you use."
    )


# Requests for access


@login_required
@require_http_methods(["GET", "POST"])
def request_access(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = access.get_organisation_for_view(request.user, slug)
    if not organisation.is_published:
        raise Http404
    if access.membership_role(request.user, organisation):
        messages.info(request, _("You are already a member of this organisation."))
        return redirect("manage:organisation", slug=slug)
    pending = AccessRequest.objects.filter(
        organisation=organisation, user=request.user, status=AccessRequest.Status.PENDING
    ).first()
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and pending is None and form.is_valid():
        membership.access_request_create(
            organisation=organisation,
            user=request.user,
            message=form.cleaned_data["message"],
        )
        messages.success(
            request,
            _("Your request was sent to the administrators of %(organisation)s.")
            % {"organisation": organisation},
        )
        return redirect("manage:dashboard")
    return render(
        request,
        "organisations/manage/access_request_form.html",
        {"organisation": organisation, "form": form, "pending": pending},
    )


@login_required
@require_POST
def decide_access(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access_request = access.get_access_request_for_decision(request.user, pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        messages.error(request, _("Choose whether to approve or decline the request."))
    else:
        try:
            membership.access_request_decide(
                access_request=access_request, user=request.user, approve=decision == "approve"
            )
        except membership.MembershipError as error:
            messages.error(request, str(error))
        else:
            if decision == "approve":
                text = _("%(person)s can now edit the organisation's information.")
            else:
                text = _("The request of %(person)s was declined.")
            messages.success(request, text % {"person": access_request.user})
    return redirect("manage:members", slug=access_request.organisation.slug)


# The yearly confirmation, from the link in the reminder


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    organisation = freshness.organisation_from_confirm_token(token=token)
    if organisation is None:
        return render(
            request, "organisations/manage/confirm.html", {"organisation": None}, status=400
        )
    done = False
    if request.method == "POST":
        user = request.user if request.user.is_authenticated else None
        freshness.organisation_confirm(organisation=organisation, user=user)
        done = True
    return render(
        request,
        "organisations/manage/confirm.html",
        {"organisation": organisation, "done": done},
    )
