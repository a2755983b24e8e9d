"""The write API: a data source writes activities and an organisation's contact details with its
own ids (PTV's source-id pattern), through the same forms and services as the pages.

`Authorization: Bearer <key>`: the key of the data source named in the path, for an
organisation that granted that source on its members page. A PUT by the source's id creates the
activity once and updates it after; an `Idempotency-Key` header replays the first answer. Every
write, refused ones too, lands in the source's write log with its key.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from decimal import Decimal
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Field, Header, Path, Router, Schema
from ninja.security import HttpBearer

from areas.models import Municipality
from meetingplaces import editing
from meetingplaces.forms.activity import ActivityForm
from meetingplaces.forms.schedule import ScheduleForm
from meetingplaces.models import Activity, PublishStatus
from organisations.forms import OrganisationForm
from organisations.models import Organisation, Status
from organisations.services.editing import organisation_update
from taxonomy.models import Term

from .. import services
from ..common import Problem, api_url
from ..models import ApiKey, DataSource, Outcome, SourceObject

CONTACT_FIELDS = ["email", "phone", "website", "social_links", "street_address", "postcode"]
ERRORS: dict[int | str, Any] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    422: Problem,
    429: Problem,
}
ExternalId = Path(..., min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._~:-]+$")
SourceSlug = Path(..., min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
IdempotencyKey = Header(
    None,
    alias="Idempotency-Key",
    max_length=200,
    description="The same key again answers with the first answer, without writing again.",
)


class SourceKey(HttpBearer):
    """A data source's key; an expired or revoked key is refused like an unknown one (and its
    use is logged)."""

    openapi_bearerFormat = "yk_<prefix>_<secret>"
    openapi_description = (
        "Writing only: the key a welfare area's coordinator gave the data source (shown once). "
        "It writes only for the organisations that authorised the source on their members "
        "page. Reading needs no key."
    )

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        key = services.key_find(token)
        if key is None:
            return None
        if not key.is_active():
            services.write_log(
                key=key,
                method=request.method or "",
                path=request.path,
                outcome=Outcome.REFUSED,
                status=401,
            )
            return None
        services.key_used(key)
        return key


def logged(run):
    """Log what `_write` never saw: a body the schema refused (a 400 before the view ran)."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = run(request, *args, **kwargs)
        key = getattr(request, "auth", None)
        if isinstance(key, ApiKey) and not getattr(request, "write_logged", False):
            try:
                answer = json.loads(response.content)
            except ValueError:
                answer = None
            services.write_log(
                key=key,
                method=request.method or "",
                path=request.path,
                outcome=Outcome.INVALID if response.status_code == 400 else Outcome.REFUSED,
                status=response.status_code,
                answer=answer,
            )
        return response

    return wrapper


# Every write needs a data source's key, and every one lands in its write log.
router = Router(tags=["write"], auth=SourceKey())
router.add_decorator(logged, mode="view")


class ActivityIn(Schema):
    """An activity as the portal's activity form takes it (the same checks, the same
    messages). Texts are plain fields per language; dates and times are ISO 8601. A PUT
    replaces the activity: a field left out takes its default."""

    organisation: str = Field(
        "", description="The organisation's slug (needed when the activity is new)."
    )
    kind: str = Field(description="peer_support, drop_in, club, course, event or volunteer_task")
    title_fi: str
    title_sv: str = ""
    title_en: str = ""
    summary_fi: str = ""
    summary_sv: str = ""
    summary_en: str = ""
    description_fi: str = ""
    description_sv: str = ""
    description_en: str = ""
    target_groups: list[str] = Field([], description="Target group slugs.")
    themes: list[str] = Field([], description="Theme slugs.")
    venue: str = Field(description="place, address or online")
    place: int | None = Field(None, description="A meeting place's id (venue place).")
    street_address: str = ""
    postcode: str = ""
    municipality: str = Field("", description="The municipality's code, e.g. 179 (venue address).")
    latitude: float | None = None
    longitude: float | None = None
    online_url: str = ""
    online_url_public: bool = False
    is_free: bool = True
    fee_amount: Decimal | None = None
    fee_note: str = ""
    signup_required: bool = False
    capacity: int | None = None
    is_sensitive: bool = False
    languages: list[str] = Field([], description="fi, sv, en, selko, other")
    accessibility_fi: str = ""
    accessibility_sv: str = ""
    accessibility_en: str = ""
    contact_role: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    status: str = Field("published", description="published or draft")
    repeat: str = Field(description="once, dates, weekly or monthly")
    start_date: dt.date
    start_time: dt.time
    end_time: dt.time
    weekdays: list[int] = Field([], description="0 = Monday … 6 = Sunday (weekly).")
    interval: int | None = Field(None, description="Every how many weeks (weekly).")
    month_position: int | None = Field(None, description="1–4 or -1 for the last (monthly).")
    month_weekday: int | None = Field(None, description="0 = Monday … 6 = Sunday (monthly).")
    extra_dates: list[dt.date] = Field([], description="The dates after the first (dates).")
    end_date: dt.date | None = None
    skipped_dates: list[dt.date] = []


class ContactIn(Schema):
    """The organisation's public contact details; a field left out keeps its value."""

    email: str | None = None
    phone: str | None = None
    website: str | None = None
    social_links: list[str] | None = None
    street_address: str | None = None
    postcode: str | None = None


class WriteOut(Schema):
    outcome: Literal["created", "updated", "pending", "archived"] = Field(
        description="pending: saved, but it waits for the welfare area's review to show."
    )
    id: int
    source_id: str = ""
    api_url: str
    pending: list[str] = Field([], description="Fields whose new values wait for review.")
    detail: str = ""


class Refused(Exception):
    def __init__(self, status: int, outcome: str, title: str, errors: dict | None = None):
        super().__init__(title)
        self.status, self.outcome, self.title, self.errors = status, outcome, title, errors or {}


def _problem(status: int, title: str, errors: dict | None = None) -> dict:
    return {"title": title, "status": status, "detail": "", "errors": errors or {}}


def _answer(body: dict, status: int, replayed: bool = False) -> HttpResponse:
    response = JsonResponse(body, status=status)
    if replayed:
        response["Idempotency-Replayed"] = "true"
    return response


def _write(
    request: HttpRequest,
    source_slug: str,
    idempotency_key: str | None,
    kind: str,
    external_id: str,
    work,
) -> HttpResponse:
    """Run one write under the source's lock: the scope checks, the replay of an idempotency
    key, the work itself and its log line, in one transaction."""
    key: ApiKey = request.auth  # type: ignore[attr-defined]
    method, path = request.method or "", request.path
    idempotency_key = (idempotency_key or "").strip()
    request.write_logged = True  # type: ignore[attr-defined]
    with transaction.atomic():
        source = DataSource.objects.select_for_update().get(pk=key.source_id)
        if source.slug != source_slug:
            body = _problem(403, "This key belongs to another data source.")
            services.write_log(
                key=key, method=method, path=path, outcome=Outcome.REFUSED, status=403,
                kind=kind, external_id=external_id, answer=body,
            )  # fmt: skip
            return _answer(body, 403)
        earlier = services.write_replay(source=source, idempotency_key=idempotency_key)
        if earlier is not None:
            if earlier.method != method or earlier.path != path:
                body = _problem(422, "This Idempotency-Key was used for another request.")
                services.write_log(
                    key=key, method=method, path=path, outcome=Outcome.INVALID, status=422,
                    kind=kind, external_id=external_id, answer=body,
                )  # fmt: skip
                return _answer(body, 422)
            services.write_log(
                key=key, method=method, path=path, outcome=Outcome.REPLAYED,
                status=earlier.status, kind=kind, object_id=earlier.object_id,
                external_id=external_id,
            )  # fmt: skip
            return _answer(earlier.answer or {}, earlier.status, replayed=True)
        object_id = None
        try:
            with transaction.atomic():
                status, outcome, body = work(source)
            object_id = body.get("id")
        except Refused as refused:
            status, outcome = refused.status, refused.outcome
            body = _problem(refused.status, refused.title, refused.errors)
        services.write_log(
            key=key, method=method, path=path, outcome=outcome, status=status, kind=kind,
            object_id=object_id, external_id=external_id, idempotency_key=idempotency_key,
            answer=body,
        )  # fmt: skip
    return _answer(body, status)


def _granted(source: DataSource, organisation: Organisation | None) -> Organisation:
    if organisation is None or not services.has_grant(organisation=organisation, source=source):
        raise Refused(403, Outcome.REFUSED, "The organisation has not authorised this source.")
    if organisation.status == Status.ARCHIVED or organisation.merged_into_id:
        raise Refused(403, Outcome.REFUSED, "The organisation is archived.")
    return organisation


def _form_data(body: ActivityIn) -> tuple[dict, dict[str, list[str]]]:
    """The body as the activity form's posted data; unknown slugs and codes as errors."""
    values = body.dict()
    errors: dict[str, list[str]] = {}
    data: dict[str, Any] = {}
    for name, value in values.items():
        if name == "organisation":
            continue
        if value is None:
            data[name] = ""
        elif isinstance(value, bool):
            data[name] = value
        elif name in ("extra_dates", "skipped_dates"):
            data[name] = "\n".join(day.isoformat() for day in value)
        elif isinstance(value, list):
            data[name] = [str(item) for item in value]
        elif isinstance(value, dt.time):
            data[name] = value.strftime("%H:%M")
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    data["is_free"] = "1" if body.is_free else "0"
    for name, kind in (("themes", Term.Kind.THEME), ("target_groups", Term.Kind.TARGET_GROUP)):
        slugs = set(values[name])
        found = dict(Term.objects.filter(kind=kind, slug__in=slugs).values_list("slug", "pk"))
        if unknown := sorted(slugs - set(found)):
            errors[name] = [f"Unknown: {', '.join(unknown)}."]
        data[name] = [str(pk) for pk in found.values()]
    if body.municipality:
        pk = Municipality.objects.filter(code=body.municipality).values_list("pk", flat=True)
        if not pk:
            errors["municipality"] = [f"No municipality has the code {body.municipality}."]
        data["municipality"] = str(pk[0]) if pk else ""
    return data, errors


def _form_errors(*forms) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for form in forms:
        for name, messages in form.errors.items():
            errors.setdefault(name if name != "__all__" else "body", []).extend(
                str(message) for message in messages
            )
    return errors


def _written(
    outcome: str, obj_id: int, source_id: str, url: str, pending: list[str], detail: str = ""
) -> dict[str, Any]:
    """A write's answer (WriteOut)."""
    return {
        "outcome": outcome,
        "id": obj_id,
        "source_id": source_id,
        "api_url": url,
        "pending": pending,
        "detail": detail,
    }


@router.put(
    "/source/{source}/activities/{external_id}",
    response={200: WriteOut, 201: WriteOut, 202: WriteOut, **ERRORS},
    summary="Create or update an activity by the data source's own id",
)
def put_activity(
    request: HttpRequest,
    body: ActivityIn,
    source: str = SourceSlug,
    external_id: str = ExternalId,
    idempotency_key: str | None = IdempotencyKey,
):
    """201 when the activity is new, 200 when it was updated, 202 when it is saved but waits for
    the welfare area's review of its organisation. 400 lists the form's messages by field."""

    def work(data_source: DataSource) -> tuple[int, str, dict]:
        known = (
            SourceObject.objects.select_related("activity__organisation")
            .filter(source=data_source, external_id=external_id)
            .first()
        )
        instance = Activity.objects.get(pk=known.activity_id) if known else None
        if instance is not None:
            organisation: Organisation | None = instance.organisation
            if body.organisation and body.organisation != instance.organisation.slug:
                raise Refused(
                    400, Outcome.INVALID, "Some fields are not valid.",
                    {"organisation": ["An activity cannot move to another organisation."]},
                )  # fmt: skip
        else:
            organisation = Organisation.objects.filter(slug=body.organisation).first()
        granted = _granted(data_source, organisation)
        if granted.welfare_area_id is None:
            raise Refused(
                400, Outcome.INVALID, "The organisation has no welfare area.",
                {"organisation": ["Choose the organisation's welfare area first."]},
            )  # fmt: skip
        data, errors = _form_data(body)
        form = ActivityForm(data, instance=instance, organisation=granted)
        schedule_form = ScheduleForm(data, activity=instance)
        valid = form.is_valid() & schedule_form.is_valid()
        errors = {**_form_errors(form, schedule_form), **errors}
        if not valid or errors:
            raise Refused(400, Outcome.INVALID, "Some fields are not valid.", errors)
        activity = editing.activity_save(
            form=form, schedule_form=schedule_form, user=AnonymousUser(), organisation=granted
        )
        if known is None:
            SourceObject.objects.create(
                source=data_source, external_id=external_id, activity=activity
            )
        outcome, status, detail = Outcome.CREATED, 201, ""
        if known:
            outcome, status = Outcome.UPDATED, 200
        if granted.status != Status.PUBLISHED and activity.status == PublishStatus.PUBLISHED:
            outcome, status = Outcome.PENDING, 202
            detail = (
                "Saved. It shows once the welfare area has reviewed and published the organisation."
            )
        url = api_url("activities", activity.pk)
        return status, outcome, _written(outcome, activity.pk, external_id, url, [], detail)

    return _write(request, source, idempotency_key, "activity", external_id, work)


@router.delete(
    "/source/{source}/activities/{external_id}",
    response={200: WriteOut, **ERRORS},
    summary="Archive an activity by the data source's own id",
)
def delete_activity(
    request: HttpRequest,
    source: str = SourceSlug,
    external_id: str = ExternalId,
    idempotency_key: str | None = IdempotencyKey,
):
    """The activity is archived (its dates leave the public data as tombstones)."""

    def work(data_source: DataSource) -> tuple[int, str, dict]:
        known = SourceObject.objects.filter(source=data_source, external_id=external_id).first()
        if known is None:
            raise Refused(404, Outcome.NOT_FOUND, "This source has no activity with this id.")
        activity = Activity.objects.select_related("organisation").get(pk=known.activity_id)
        _granted(data_source, activity.organisation)
        if activity.status != PublishStatus.ARCHIVED:
            editing.activity_set_status(activity, PublishStatus.ARCHIVED)
        url = api_url("activities", activity.pk)
        return 200, Outcome.ARCHIVED, _written(Outcome.ARCHIVED, activity.pk, external_id, url, [])

    return _write(request, source, idempotency_key, "activity", external_id, work)


@router.put(
    "/source/{source}/organisations/{slug}/contact",
    response={200: WriteOut, 202: WriteOut, **ERRORS},
    summary="Update an organisation's public contact details",
)
def put_contact(
    request: HttpRequest,
    body: ContactIn,
    source: str = SourceSlug,
    slug: str = Path(..., max_length=200, pattern=r"^[-a-zA-Z0-9_]+$"),
    idempotency_key: str | None = IdempotencyKey,
):
    """Through the organisation form's checks and the organisation's history; 202 when the
    organisation's review rules hold a change for the welfare area's coordinator."""

    def work(data_source: DataSource) -> tuple[int, str, dict]:
        organisation = _granted(data_source, Organisation.objects.filter(slug=slug).first())
        given = body.dict(exclude_unset=True)
        data: dict[str, Any] = {}
        for name, value in given.items():
            if name == "social_links":
                data[name] = "\n".join(value or [])
            else:
                data[name] = value or ""
        form = OrganisationForm(data, instance=Organisation.objects.get(pk=organisation.pk))
        for name in list(form.fields):
            if name not in given:
                del form.fields[name]
        if not form.is_valid():
            raise Refused(400, Outcome.INVALID, "Some fields are not valid.", _form_errors(form))
        result = organisation_update(
            organisation=organisation,
            user=None,
            changes=form.changes(),
            expected_version=Organisation.objects.get(pk=organisation.pk).version,
        )
        outcome, status, detail = Outcome.UPDATED, 200, ""
        if result.pending:
            outcome, status = Outcome.PENDING, 202
            detail = "Some changes wait for the welfare area's review."
        url = api_url("organisations", organisation.pk)
        answer = _written(outcome, organisation.pk, slug, url, result.pending, detail)
        return status, outcome, answer

    return _write(request, source, idempotency_key, "organisation", slug, work)
