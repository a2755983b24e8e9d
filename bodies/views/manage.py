"""The area's coordinators' pages: bodies, members and new meetings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import access, services
from ..forms import BodyForm, MeetingForm, MemberForm
from ..models import Body, BodyMember, Meeting
from .common import _form_page


@login_required
def body_create(request):
    return _body_page(request, body=None)


@login_required
def body_edit(request, slug):
    return _body_page(request, body=access.get_body_for_coordinator(request.user, slug))


def _body_page(request, *, body: Body | None):
    """The body's form: a new body (`body` None) or the coordinator's own body's edit."""
    form = BodyForm(
        request.POST or None, instance=body, area_ids=access.require_coordinator(request.user)
    )
    if request.method == "POST" and form.is_valid():
        saved = services.body_save(body=form.save(commit=False))
        messages.success(
            request, _("The body was created.") if body is None else _("The body was saved.")
        )
        return redirect("bodies:body", slug=saved.slug)
    title = _("New body") if body is None else _("Edit the body")
    return render(request, "bodies/form.html", _form_page(form, title, body))


@login_required
def member_add(request, slug):
    body = access.get_body_for_coordinator(request.user, slug)
    member = BodyMember(body=body, term_start=timezone.localdate())
    return _member_page(request, member=member, added=True)


@login_required
def member_edit(request, slug, pk):
    member = access.get_member_for_coordinator(request.user, slug, pk)
    return _member_page(request, member=member, added=False)


def _member_page(request, *, member: BodyMember, added: bool):
    """A member's form: a new member of `member.body` (`added`) or an existing one's edit."""
    form = MemberForm(request.POST or None, instance=member, body=member.body)
    if request.method == "POST" and form.is_valid():
        services.member_save(member=form.save(commit=False))
        messages.success(
            request, _("The member was added.") if added else _("The member was saved.")
        )
        return redirect("bodies:body", slug=member.body.slug)
    title = _("Add a member") if added else _("Edit a member")
    return render(request, "bodies/form.html", _form_page(form, title, member.body))


@login_required
def meeting_create(request, slug):
    body = access.get_body_for_organiser(request.user, slug)
    form = MeetingForm(request.POST or None, instance=Meeting(body=body))
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_save(meeting=form.save(commit=False))
        messages.success(request, _("The meeting was created. Add the agenda items next."))
        return redirect("bodies:meeting", pk=meeting.pk)
    return render(request, "bodies/form.html", _form_page(form, _("New meeting"), body))
