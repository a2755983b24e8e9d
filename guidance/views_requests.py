"""Contact requests both ways: a professional's hand-off to an association, a volunteer's
request to a unit's collaboration contact, the receiving side's page (every read logged) and
the association's list. Thin views: rights from guidance.access, writes from guidance.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import AuthenticatedHttpRequest
from areas.models import Municipality
from meetingplaces.models import Activity
from organisations.models import Organisation
from taxonomy.models import Term
from units.models import Unit

from . import access, limits, services
from . import units as unit_info
from .forms import ContactRequestForm, StatusForm, UnitFinderForm
from .models import ContactRequest


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def handoff(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A professional sends the association a contact request, with the person's consent."""
    unit_ids = access.require_professional(request.user)
    organisation = get_object_or_404(Organisation.objects.published(), slug=slug)
    activity = None
    if request.GET.get("activity"):
        try:
            activity = Activity.objects.published().get(
                pk=int(request.GET["activity"]), organisation=organisation
            )
        except (ValueError, Activity.DoesNotExist):
            raise Http404 from None
    shortlist = services.shortlist_for(request.user, unit_ids)
    form = ContactRequestForm(
        request.POST if request.method == "POST" else None, initial={"language": shortlist.language}
    )
    if request.method == "POST" and form.is_valid() and not limits.allow(request, "request"):
        form.add_error(None, _("Too many requests in a short time. Try again later."))
    elif request.method == "POST" and form.is_valid():
        # A professional has a unit (require_professional), so the shortlist has one.
        assert shortlist.unit_id is not None
        services.request_to_organisation(
            unit_id=shortlist.unit_id,
            organisation=organisation,
            activity=activity,
            sent_by=request.user,
            data=form.request_data(),
        )
        messages.success(
            request,
            _("The request was sent. You see here when the association has contacted "
              "the person."),
        )  # fmt: skip
        return redirect("guidance:home")
    return render(
        request,
        "guidance/handoff.html",
        {"form": form, "organisation": organisation, "activity": activity},
        status=_status(form),
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The receiving side's page: the person's details (the read is logged) and what happened."""
    contact_request = access.get_request_for_receiver(request.user, pk)
    form = StatusForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            try:
                services.request_set_status(
                    request=contact_request, status=form.cleaned_data["status"]
                )
            except services.GuidanceError as problem:
                error = str(problem)
            else:
                messages.success(request, _("Saved. Thank you!"))
                return redirect(_receiver_list(contact_request))
        else:
            error = _("Choose what happened.")
    if contact_request.erased_at is None:
        services.request_read(request=contact_request, user=request.user)
    return render(
        request,
        "guidance/request_detail.html",
        {"contact_request": contact_request, "form": form, "error": error},
        status=400 if error else 200,
    )


def _receiver_list(contact_request: ContactRequest) -> str:
    from django.urls import reverse

    if contact_request.direction == ContactRequest.Direction.TO_ORGANISATION:
        return reverse(
            "guidance:organisation-requests", kwargs={"slug": contact_request.organisation.slug}
        )
    return reverse("guidance:home")


@login_required
@require_GET
def organisation_requests(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The association's requests: received (to open and mark) and sent (their status); no
    personal data on the list."""
    organisation = access.member_organisation(request.user, slug)
    requests = ContactRequest.objects.filter(organisation=organisation).select_related("unit")
    return render(
        request,
        "guidance/organisation_requests.html",
        {
            "organisation": organisation,
            "received": [
                r for r in requests if r.direction == ContactRequest.Direction.TO_ORGANISATION
            ],
            "sent": [r for r in requests if r.direction == ContactRequest.Direction.TO_UNIT],
        },
    )


@login_required
@require_GET
def find_unit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The units, with their collaboration contact, for a person's municipality (and theme)."""
    organisation = access.member_organisation(request.user, slug)
    area_ids = [organisation.welfare_area_id] if organisation.welfare_area_id else []
    form = UnitFinderForm(request.GET or None, area_ids=area_ids)
    units = []
    if form.is_bound and form.is_valid():
        municipality = form.cleaned_data["municipality"]
        units = [
            {"unit": unit, "contact": unit_info.contact_lines(unit)}
            for unit in Unit.objects.active().filter(municipality=municipality)
        ]
    return render(
        request,
        "guidance/find_unit.html",
        {"organisation": organisation, "form": form, "units": units},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def unit_request(request: AuthenticatedHttpRequest, slug: str, unit: int) -> HttpResponse:
    """A volunteer sends the unit's collaboration contact a request, with consent."""
    organisation = access.member_organisation(request.user, slug)
    found = get_object_or_404(Unit.objects.active(), pk=unit)
    municipality = Municipality.objects.filter(pk=request.GET.get("municipality") or 0).first()
    theme = Term.objects.filter(kind=Term.Kind.THEME, pk=_int(request.GET.get("theme"))).first()
    form = ContactRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and not limits.allow(request, "request"):
        form.add_error(None, _("Too many requests in a short time. Try again later."))
    elif request.method == "POST" and form.is_valid():
        services.request_to_unit(
            unit=found,
            organisation=organisation,
            theme=theme,
            municipality=municipality or found.municipality,
            sent_by=request.user,
            data=form.request_data(),
        )
        messages.success(request, _("The request was sent to the unit's contact person."))
        return redirect("guidance:organisation-requests", slug=organisation.slug)
    return render(
        request,
        "guidance/unit_request.html",
        {
            "form": form,
            "organisation": organisation,
            "unit": found,
            "contact": unit_info.contact_lines(found),
        },
        status=_status(form),
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _status(form) -> int:
    """429 over the limit (the form's only error without a field), 400 for other errors."""
    if not form.is_bound or not form.errors:
        return 200
    return 429 if form.non_field_errors() else 400
