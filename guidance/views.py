"""The professionals' guidance tool: the shortlist, its print view, short link and sending,
and the coordinators' invitations. Thin views: rights from guidance.access, writes from
guidance.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.middleware import safe_return_to
from units.models import Unit

from . import access, items, limits, services
from .forms import InviteForm, SendForm, ShortlistForm
from .models import ContactRequest, Handover, Professional, ProfessionalInvitation, Shortlist


def _shortlist(request: AuthenticatedHttpRequest) -> tuple[Shortlist, set[int]]:
    unit_ids = access.require_professional(request.user)
    return services.shortlist_for(request.user, unit_ids), unit_ids


def _unit_choices(unit_ids) -> list[tuple[int, str]]:
    return [(u.pk, u.localised_name()) for u in Unit.objects.filter(pk__in=unit_ids)]


@login_required
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    shortlist, unit_ids = _shortlist(request)
    sent = (
        ContactRequest.objects.filter(unit_id__in=unit_ids)
        .select_related("organisation", "unit")
        .order_by("-created_at")[:50]
    )
    return render(
        request,
        "guidance/home.html",
        {
            "shortlist": shortlist,
            "count": shortlist.items.count(),
            "requests": sent,
            "units": _unit_choices(unit_ids),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def shortlist(request: AuthenticatedHttpRequest) -> HttpResponse:
    shortlist, unit_ids = _shortlist(request)
    units = _unit_choices(unit_ids)
    initial = {"note": shortlist.note, "language": shortlist.language, "unit": shortlist.unit_id}
    form = ShortlistForm(
        request.POST if request.method == "POST" else None, initial=initial, units=units
    )
    if request.method == "POST":
        if form.is_valid():
            shortlist.note = form.cleaned_data["note"]
            shortlist.language = form.cleaned_data["language"]
            if "unit" in form.cleaned_data:
                shortlist.unit_id = form.cleaned_data["unit"]
            shortlist.save()
            messages.success(request, pgettext("guidance", "Saved."))
            return redirect("guidance:shortlist")
        return render(
            request, "guidance/shortlist.html", _list_context(shortlist, form), status=400
        )
    return render(request, "guidance/shortlist.html", _list_context(shortlist, form))


def _list_context(shortlist, form) -> dict:
    return {
        "shortlist": shortlist,
        "items": items.resolve(services.shortlist_pairs(shortlist)),
        "form": form,
        "send_form": SendForm(),
    }


def _back(request: HttpRequest) -> str:
    return safe_return_to(request, request.POST.get("next", "")) or ""


def _posted_item(request: HttpRequest) -> tuple[str, int]:
    """The (kind, object_id) an add or remove button posts; 404 when the id is not a number."""
    try:
        return request.POST.get("kind", ""), int(request.POST.get("object_id", ""))
    except ValueError:
        raise Http404 from None


@login_required
@require_POST
def shortlist_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    shortlist, _units = _shortlist(request)
    kind, object_id = _posted_item(request)
    try:
        services.shortlist_add(shortlist=shortlist, kind=kind, object_id=object_id)
    except services.GuidanceError as error:
        messages.error(request, str(error))
    return redirect(_back(request) or "guidance:shortlist")


@login_required
@require_POST
def shortlist_remove(request: AuthenticatedHttpRequest) -> HttpResponse:
    shortlist, _units = _shortlist(request)
    kind, object_id = _posted_item(request)
    services.shortlist_remove(shortlist=shortlist, kind=kind, object_id=object_id)
    return redirect("guidance:shortlist")


@login_required
@require_POST
def shortlist_clear(request: AuthenticatedHttpRequest) -> HttpResponse:
    shortlist, _units = _shortlist(request)
    services.shortlist_clear(shortlist=shortlist)
    messages.success(request, _("The list is empty, ready for the next person."))
    return redirect("guidance:shortlist")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def shortlist_print(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET shows the A4 page in the person's language; the print button POSTs first, which
    counts the hand-over and comes back here."""
    shortlist, _units = _shortlist(request)
    if request.method == "POST":
        services.handover_record(shortlist=shortlist, channel=Handover.Channel.PRINT)
        return redirect("guidance:shortlist-print")
    return _printable(
        request,
        services.shortlist_pairs(shortlist),
        shortlist.note,
        shortlist.language,
        shared=False,
    )


def _printable(request, pairs, note, language, *, shared: bool) -> HttpResponse:
    with translation.override(language):
        resolved = items.resolve([tuple(p) for p in pairs], language)
        return render(
            request,
            "guidance/print.html",
            {"items": resolved, "note": note, "print_language": language, "shared": shared},
        )


@login_required
@require_POST
def shortlist_link(request: AuthenticatedHttpRequest) -> HttpResponse:
    shortlist, _units = _shortlist(request)
    try:
        shared = services.shared_list_create(shortlist=shortlist)
    except services.GuidanceError as error:
        messages.error(request, str(error))
        return redirect("guidance:shortlist")
    url = items.shared_url(shared.token)
    return render(
        request,
        "guidance/link.html",
        {"url": url, "qr": items.Item("", 0, "", "", url).qr_svg(), "shared": shared},
    )


@login_required
@require_http_methods(["GET", "POST"])
def shortlist_send(request: AuthenticatedHttpRequest) -> HttpResponse:
    shortlist, _units = _shortlist(request)
    form = SendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid() and not limits.allow(request, "send"):
            form.add_error(None, _("Too many messages in a short time. Try again later."))
            return render(request, "guidance/send.html", {"form": form}, status=429)
        if form.is_valid():
            try:
                services.shortlist_send(
                    shortlist=shortlist,
                    channel=form.cleaned_data["channel"],
                    address=form.cleaned_data["address"],
                )
            except services.GuidanceError as error:
                messages.error(request, str(error))
                return redirect("guidance:shortlist")
            messages.success(request, _("Sent. The address was not saved."))
            return redirect("guidance:shortlist")
        return render(request, "guidance/send.html", {"form": form}, status=400)
    return render(request, "guidance/send.html", {"form": form})


@require_GET
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """The list behind a short link: read-only, no login, 404 after 30 days."""
    found = services.shared_list_get(token)
    if found is None:
        raise Http404
    response = _printable(request, found.items, found.note, found.language, shared=True)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def short(request: HttpRequest, token: str) -> HttpResponse:
    """/l/<token>: the short address, to the list's page in its language."""
    found = services.shared_list_get(token)
    if found is None:
        raise Http404
    with translation.override(found.language):
        return redirect("guidance:shared", token=token)


# --- Coordinators: professionals of their area's units --------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def professionals(request: AuthenticatedHttpRequest) -> HttpResponse:
    area_ids = access.require_coordinator(request.user)
    units = Unit.objects.active().filter(welfare_area_id__in=area_ids)
    choices = [(u.pk, u.localised_name()) for u in units]
    form = InviteForm(request.POST if request.method == "POST" else None, units=choices)
    if request.method == "POST":
        if form.is_valid():
            unit = units.get(pk=form.cleaned_data["unit"])
            services.professional_invite(
                unit=unit, email=form.cleaned_data["email"], invited_by=request.user
            )
            messages.success(request, _("The invitation was sent."))
            return redirect("guidance:professionals")
        status = 400
    else:
        status = 200
    context = {
        "form": form,
        "professionals": Professional.objects.filter(unit__welfare_area_id__in=area_ids)
        .select_related("user", "unit")
        .order_by("unit__name_fi", "user__email"),
        "invitations": ProfessionalInvitation.objects.filter(
            unit__welfare_area_id__in=area_ids, accepted_at__isnull=True
        ).select_related("unit"),
    }
    return render(request, "guidance/professionals.html", context, status=status)


@login_required
@require_POST
def professional_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area_ids = access.require_coordinator(request.user)
    professional = get_object_or_404(Professional, pk=pk, unit__welfare_area_id__in=area_ids)
    services.professional_remove(professional=professional)
    messages.success(request, pgettext("guidance", "Removed."))
    return redirect("guidance:professionals")


@login_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(
        ProfessionalInvitation.objects.select_related("unit"), token=token
    )
    error = ""
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except services.GuidanceError as problem:
            error = str(problem)
        else:
            messages.success(
                request,
                _("You are now a professional of %(unit)s.")
                % {"unit": invitation.unit.localised_name()},
            )
            return redirect("guidance:home")
    return render(
        request,
        "guidance/invitation_accept.html",
        {"invitation": invitation, "error": error},
        status=400 if error else 200,
    )
