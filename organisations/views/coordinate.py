"""Coordinators' curation pages: review, edit, history, duplicates, archive, import, export.

A coordinator sees and acts on the organisations of their own welfare areas only (staff on
all): `require_coordinator` gives 403 to other logged-in people, and
`get_organisation_for_coordinator` gives 404 for an organisation outside the areas.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.http import AuthenticatedHttpRequest
from portal.lib.fields import field_label
from portal.lib.import_pages import ImportPages
from portal.templatetags.bidi import isolate

from ..access import (
    get_import_job_for_coordinator,
    get_organisation_for_coordinator,
    get_version_for_coordinator,
    require_coordinator,
)
from ..filters import OrganisationFilter
from ..forms_coordinate import (
    ArchiveForm,
    CoordinatorOrganisationForm,
    ImportUploadForm,
    RejectForm,
    RequestChangesForm,
)
from ..models import Category, Organisation, Status
from ..services import importer, merge, review
from ..services.core import EditConflict
from ..validators import format_phone

GET_POST = require_http_methods(["GET", "HEAD", "POST"])
SECTORS = set(Category.values)


def _area_organisations(area_ids: set[int]):
    return Organisation.objects.filter(welfare_area__in=area_ids)


def _directory(request: HttpRequest, area_ids: set[int]) -> OrganisationFilter:
    """The list's and the export's filters over the area's organisations not merged away."""
    organisations = _area_organisations(area_ids).filter(merged_into__isnull=True)
    return OrganisationFilter(request.GET, queryset=organisations.order_by("name", "pk"))


# The list pages load only the columns their tables show, 50 rows a page.
PAGE_SIZE = 50


def _page(request: HttpRequest, organisations, *columns: str):
    return Paginator(organisations.only("pk", "name", "status", *columns), PAGE_SIZE).get_page(
        request.GET.get("page")
    )


@require_safe
@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    area_ids = require_coordinator(request.user)
    organisations = _area_organisations(area_ids)
    counts = organisations.filter(merged_into__isnull=True).aggregate(
        drafts=Count("pk", filter=Q(status=Status.DRAFT)),
        published=Count("pk", filter=Q(status=Status.PUBLISHED)),
    )
    context = {
        "awaiting_review": organisations.awaiting_review().count(),
        "stale": organisations.stale().count(),
        "duplicates": len(merge.organisation_duplicates(area_ids=area_ids)),
        "drafts": counts["drafts"],
        "published": counts["published"],
    }
    return render(request, "organisations/coordinate/dashboard.html", context)


@require_safe
@login_required
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    area_ids = require_coordinator(request.user)
    found = _directory(request, area_ids)
    page = _page(request, found.qs)
    query = request.GET.copy()
    query.pop("page", None)
    form = found.form
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(
        request,
        "organisations/coordinate/organisations.html",
        context,
        status=400 if form.errors else 200,
    )


@require_safe
@login_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    area_ids = require_coordinator(request.user)
    organisations = (
        _area_organisations(area_ids)
        .awaiting_review()
        .only("pk", "name", "status", "submitted_at")
        .order_by("submitted_at", "updated_at", "pk")
    )
    return render(request, "organisations/coordinate/queue.html", {"organisations": organisations})


@GET_POST
@login_required
def review_organisation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_coordinator(request.user)
    organisation = get_organisation_for_coordinator(request.user, pk)
    changes_form = RequestChangesForm(prefix="changes")
    reject_form = RejectForm(prefix="reject")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                review.organisation_approve(organisation=organisation, user=request.user)
                messages.success(
                    request, _("%(name)s was approved.") % {"name": isolate(organisation)}
                )
                return redirect("coordinate:queue")
            if action == "request_changes":
                changes_form = RequestChangesForm(request.POST, prefix="changes")
                if changes_form.is_valid():
                    review.organisation_request_changes(
                        organisation=organisation,
                        user=request.user,
                        message=changes_form.cleaned_data["message"],
                    )
                    messages.success(
                        request,
                        _("The changes were requested from %(name)s.")
                        % {"name": isolate(organisation)},
                    )
                    return redirect("coordinate:queue")
            elif action == "reject":
                reject_form = RejectForm(request.POST, prefix="reject")
                if reject_form.is_valid():
                    review.organisation_reject(
                        organisation=organisation,
                        user=request.user,
                        reason=reject_form.cleaned_data["reason"],
                    )
                    messages.success(
                        request, _("%(name)s was rejected.") % {"name": isolate(organisation)}
                    )
                    return redirect("coordinate:queue")
        except review.ReviewError as error:
            messages.error(request, str(error))
            organisation.refresh_from_db()
    context = {
        "organisation": organisation,
        "sectors": [Category(value).label for value in organisation.categories if value in SECTORS],
        "awaiting": organisation.status == Status.IN_REVIEW or bool(organisation.pending_changes),
        "pending": review.pending_changes_diff(organisation=organisation),
        "changes_form": changes_form,
        "reject_form": reject_form,
    }
    status = 400 if changes_form.errors or reject_form.errors else 200
    return render(request, "organisations/coordinate/review.html", context, status=status)


@GET_POST
@login_required
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area_ids = require_coordinator(request.user)
    organisation = get_organisation_for_coordinator(request.user, pk)
    if organisation.merged_into_id is not None:
        raise Http404
    if request.method != "POST":
        form = CoordinatorOrganisationForm(instance=organisation, area_ids=area_ids)
        return render(request, "organisations/coordinate/edit.html", _edit_context(form))
    form = CoordinatorOrganisationForm(
        request.POST, request.FILES, instance=organisation, area_ids=area_ids
    )
    conflict: list[str] = []
    has_conflict = False
    if form.is_valid():
        changes = form.changes()
        try:
            review.organisation_coordinator_update(
                organisation=organisation,
                user=request.user,
                changes=changes,
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except EditConflict:
            has_conflict = True
            from ..services.editing import organisation_conflicting_fields

            conflict = [
                str(form.fields[name].label)
                for name in organisation_conflicting_fields(
                    organisation=organisation, changes=changes
                )
                if name in form.fields
            ]
            # Keep what was typed, based on the newest version: saving again overwrites.
            data = request.POST.copy()
            data["version"] = str(Organisation.objects.get(pk=organisation.pk).version)
            form = CoordinatorOrganisationForm(
                data, request.FILES, instance=organisation, area_ids=area_ids
            )
            form.is_valid()
        else:
            messages.success(request, _("The changes were published."))
            return redirect("coordinate:history", pk=organisation.pk)
    context = _edit_context(form)
    context["conflict"] = conflict
    context["has_conflict"] = has_conflict
    return render(request, "organisations/coordinate/edit.html", context, status=400)


def _edit_context(form: CoordinatorOrganisationForm) -> dict:
    return {"form": form, "organisation": form.instance, "conflict": [], "has_conflict": False}


@require_safe
@login_required
def history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_coordinator(request.user)
    organisation = get_organisation_for_coordinator(request.user, pk)
    entries = review.organisation_history(organisation=organisation)
    return render(
        request,
        "organisations/coordinate/history.html",
        {"organisation": organisation, "entries": entries},
    )


@require_POST
@login_required
def restore(request: AuthenticatedHttpRequest, pk: int, version_pk: int) -> HttpResponse:
    version = get_version_for_coordinator(request.user, pk, version_pk)
    organisation = version.organisation
    try:
        review.organisation_restore_version(
            organisation=organisation, version=version, user=request.user
        )
    except review.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The earlier version was restored."))
    return redirect("coordinate:history", pk=organisation.pk)


@require_safe
@login_required
def duplicates(request: AuthenticatedHttpRequest) -> HttpResponse:
    area_ids = require_coordinator(request.user)
    pairs = merge.organisation_duplicates(area_ids=area_ids)
    return render(request, "organisations/coordinate/duplicates.html", {"pairs": pairs})


@GET_POST
@login_required
def merge_organisations(request: AuthenticatedHttpRequest, pk: int, target_pk: int) -> HttpResponse:
    require_coordinator(request.user)
    source = get_organisation_for_coordinator(request.user, pk)
    target = get_organisation_for_coordinator(request.user, target_pk)
    error = ""
    try:
        merge.organisation_check_mergeable(source=source, target=target)
    except merge.MergeError as problem:
        error = str(problem)
    if request.method == "POST" and not error:
        try:
            merge.organisation_merge(source=source, target=target, user=request.user)
        except merge.MergeError as problem:
            error = str(problem)
        else:
            messages.success(
                request,
                _("%(source)s was merged into %(target)s.")
                % {"source": isolate(source.name), "target": isolate(target.name)},
            )
            return redirect("coordinate:duplicates")
    rows = list(_side_by_side(source, target))
    context = {"source": source, "target": target, "rows": rows, "error": error}
    return render(
        request,
        "organisations/coordinate/merge.html",
        context,
        status=400 if error and request.method == "POST" else 200,
    )


def _side_by_side(source: Organisation, target: Organisation):
    """(label, merged value, kept value) for the confirmation table."""

    def label(name: str) -> str:
        return field_label(Organisation, name)

    for name in ("name", "display_name", "business_id", "register_number", "status"):
        yield label(name), _display(source, name), _display(target, name)
    yield label("email"), source.email, target.email
    yield label("phone"), format_phone(source.phone), format_phone(target.phone)
    yield label("website"), source.website, target.website
    for name in ("municipalities", "networks"):
        yield (
            label(name),
            ", ".join(str(o) for o in getattr(source, name).all()),
            ", ".join(str(o) for o in getattr(target, name).all()),
        )
    yield _("Members"), source.memberships.count(), target.memberships.count()
    yield label("created_at"), source.created_at, target.created_at


def _display(organisation: Organisation, name: str) -> str:
    getter = getattr(organisation, f"get_{name}_display", None)
    return getter() if getter else getattr(organisation, name)


@GET_POST
@login_required
def archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_coordinator(request.user)
    organisation = get_organisation_for_coordinator(request.user, pk)
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review.organisation_archive(
            organisation=organisation, user=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("%(name)s was archived.") % {"name": isolate(organisation)})
        return redirect("coordinate:organisations")
    return render(
        request,
        "organisations/coordinate/archive.html",
        {"organisation": organisation, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def unarchive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_coordinator(request.user)
    organisation = get_organisation_for_coordinator(request.user, pk)
    try:
        review.organisation_unarchive(organisation=organisation, user=request.user)
    except review.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(name)s is published again.") % {"name": isolate(organisation)}
        )
    return redirect("coordinate:archive", pk=organisation.pk)


@require_safe
@login_required
def stale(request: AuthenticatedHttpRequest) -> HttpResponse:
    area_ids = require_coordinator(request.user)
    organisations = (
        _area_organisations(area_ids).stale().order_by("last_confirmed_at", "created_at", "pk")
    )
    page = _page(request, organisations, "last_confirmed_at", "freshness_reminder_sent_at")
    return render(request, "organisations/coordinate/stale.html", {"page": page, "query": ""})


# Import and export


IMPORT = ImportPages(
    importer=importer,
    upload_template="organisations/coordinate/import.html",
    job_template="organisations/coordinate/import_job.html",
    job_url="coordinate:import-job",
    imported=gettext_lazy("Imported: %(created)s new organisations, %(updated)s updated."),
)


@GET_POST
@login_required
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    area_ids = require_coordinator(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, area_ids=area_ids)
    return IMPORT.upload(request, form)


@require_safe
@login_required
def import_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return IMPORT.job(request, get_import_job_for_coordinator(request.user, pk))


@require_POST
@login_required
def import_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return IMPORT.confirm(request, get_import_job_for_coordinator(request.user, pk))


@require_safe
@login_required
def export(request: AuthenticatedHttpRequest) -> HttpResponse | StreamingHttpResponse:
    area_ids = require_coordinator(request.user)
    found = _directory(request, area_ids)
    if not found.is_valid():
        # The list page shows the errors and no download link; a hand-made address gets them.
        problems = "\n".join(
            f"{found.form[name].label}: {' '.join(errors)}"
            for name, errors in found.form.errors.items()
        )
        return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
    response = StreamingHttpResponse(
        importer.organisations_export_csv(organisations=found.qs),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"organisations-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
