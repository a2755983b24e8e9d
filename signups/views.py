"""Pages of sign-ups: sign up, confirm, a sign-up's own page by its link, my sign-ups, and the
organisers' list of an occurrence with its message form and the activity's reminder times.
Thin: rights through signups/access.py, writes through signups/services.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import access, flows, limits, occupancy, ratelimit, services, suspicious, texts, tokens
from .forms import MessageForm, ReminderSettingsForm, SignupForm
from .models import Reminder, Signup


def _language(request) -> str:
    user_language = getattr(request.user, "language", "") if request.user.is_authenticated else ""
    return user_language or get_language() or "fi"


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request, slug, pk):
    occurrence = access.get_occurrence_for_signup(request.user, slug, pk)
    if occurrence.activity.is_sensitive and request.method == "GET":
        # The group's name stays out of the address bar and history (old links still work).
        return redirect("signups:signup_date", pk=occurrence.pk)
    return _signup_page(request, occurrence)


@never_cache
@require_http_methods(["GET", "POST"])
def signup_date(request, pk):
    occurrence = access.get_occurrence_for_signup_by_pk(request.user, pk)
    return _signup_page(request, occurrence)


def _signup_page(request, occurrence):
    activity = occurrence.activity
    if not services._bookable(occurrence, timezone.now()):
        # A cancelled or past date says so at once, with the next date to sign up for.
        return flows.signup_closed(request, occurrence)
    form = SignupForm(
        request.POST if request.method == "POST" else None, activity=activity, user=request.user
    )
    error = None
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_spam:
        # The honeypot was filled in: say nothing a bot could learn from, save nothing.
        return redirect(request.path)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = request.user if request.user.is_authenticated else None
        contact = data.get("email") or data.get("phone") or ""
        seats = limits.seats_requested(occurrence, whole_series=data.get("whole_series", False))
        if user is None and not ratelimit.allow_anonymous(request, contact, seats=seats):
            error = _(
                "Too many sign-ups from here or for this address in a short time. "
                "Please try again in an hour. What you typed is kept below."
            )
            status = 429
        else:
            try:
                created = services.signup_create(
                    occurrence=occurrence,
                    user=user,
                    name=data.get("name", ""),
                    email=data.get("email", ""),
                    phone=data.get("phone", ""),
                    language=_language(request),
                    show_name=data.get("show_name", False),
                    share_contact=data.get("share_contact", False),
                    whole_series=data.get("whole_series", False),
                    consent=data.get("consent", False),
                    reminders_on=data.get("reminders_on", False),
                )
            except services.SignupError as refusal:
                error = str(refusal)
            else:
                if user is None:
                    return render(
                        request,
                        "signups/check_messages.html",
                        {"activity": activity, "signup": created[0], "count": len(created)},
                    )
                first = created[0]
                if first.status == Signup.Status.CONFIRMED:
                    messages.success(request, _("You have signed up. See you there!"))
                else:
                    messages.success(
                        request,
                        _(
                            "The places are taken: you are on the waiting list. "
                            "We tell you if a place frees up."
                        ),
                    )
                return redirect("signups:mine")
    return render(
        request,
        "signups/signup_form.html",
        {
            "activity": activity,
            "occurrence": occurrence,
            "form": form,
            "error": error,
            "seats": occupancy.seats(occurrence),
            "when": texts.when_text(occurrence),
            "where": texts.where_text(occurrence),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (link checkers in mail systems must not confirm); POST confirms."""
    signup = tokens.signup_from_confirm(token)
    if signup is None:
        return render(request, "signups/link_invalid.html", status=404)
    done = None
    if request.method == "POST":
        done = services.signup_confirm(signup)
        signup.refresh_from_db()
        if not done and signup.status not in (Signup.Status.CONFIRMED, Signup.Status.WAITING):
            return render(request, "signups/link_invalid.html", status=410)
        return redirect("signups:link", token=tokens.link_token(signup))
    return render(
        request,
        "signups/confirm.html",
        {
            "signup": signup,
            "activity": signup.activity,
            "when": texts.when_text(signup.occurrence),
            "pending": signup.status == Signup.Status.PENDING,
            "link_url": reverse("signups:link", kwargs={"token": tokens.link_token(signup)}),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def link(request, token):
    """A sign-up's own page by the link in every message: see, cancel, reminders off,
    withdraw consent. No login needed."""
    signup = access.get_signup_by_link(token)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "cancel" or action == "cancel_series":
            services.signup_cancel(signup, whole_series=(action == "cancel_series"))
            messages.success(request, _("Your sign-up is cancelled."))
        elif not _reminders_or_consent(request, signup, action):
            return render(request, "signups/link.html", _link_context(signup), status=400)
        return redirect("signups:link", token=token)
    return render(request, "signups/link.html", _link_context(signup))


def _reminders_or_consent(request, signup: Signup, action: str | None) -> bool:
    """Reminders off, or consent withdrawn (a sensitive group's sign-up), as the sign-up's own
    page and the person's list of sign-ups both offer them; False for any other action."""
    if action == "reminders_off":
        services.signup_reminders_off(signup)
        messages.success(request, _("You will get no more reminders for this sign-up."))
    elif action == "withdraw" and signup.activity.is_sensitive:
        services.signup_consent_withdraw(signup)
        messages.success(request, _("Your consent is withdrawn and your sign-up cancelled."))
    else:
        return False
    return True


def _link_context(signup: Signup) -> dict:
    series_count = (
        Signup.objects.filter(series=signup.series, status__in=Signup.ACTIVE).count()
        if signup.series
        else 0
    )
    return {
        "signup": signup,
        "activity": signup.activity,
        "when": texts.when_text(signup.occurrence),
        "where": texts.where_text(signup.occurrence),
        "series_count": series_count,
        "started": signup.occurrence.starts_at <= timezone.now(),
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    if request.method == "POST":
        try:
            pk = int(request.POST.get("signup", ""))
        except ValueError:
            pk = 0
        signup = access.get_own_signup(request.user, pk)
        action = request.POST.get("action")
        if action == "cancel":
            services.signup_cancel(signup)
            messages.success(request, _("Your sign-up is cancelled."))
        elif action == "cancel_series" and signup.series:
            count = services.signup_cancel(signup, whole_series=True)
            messages.success(
                request,
                _("Your sign-ups for %(count)s dates are cancelled.") % {"count": count},
            )
        else:
            _reminders_or_consent(request, signup, action)
        return redirect("signups:mine")
    signups = (
        Signup.objects.filter(
            user=request.user,
            status__in=Signup.ACTIVE,
            occurrence__ends_at__gte=timezone.now(),
        )
        .select_related("occurrence", "activity")
        .order_by("occurrence__starts_at")
    )
    signups = list(signups)
    series_counts: dict = {}
    for s in signups:
        if s.series:
            series_counts[s.series] = series_counts.get(s.series, 0) + 1
    rows = [
        {
            "signup": s,
            "when": texts.when_text(s.occurrence),
            "where": texts.where_text(s.occurrence),
            # The whole series can be cancelled from its first coming date's row.
            "series_count": series_counts.pop(s.series, 0) if s.series else 0,
        }
        for s in signups
    ]
    return render(request, "signups/mine.html", {"rows": rows})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def organise(request, slug, pk):
    occurrence = access.get_occurrence_for_organiser(request.user, slug, pk)
    activity = occurrence.activity
    form = MessageForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            count = services.organiser_message(occurrence, text=form.cleaned_data["text"])
            messages.success(request, _("Message sent to %(count)s people.") % {"count": count})
            return redirect("signups:organise", slug=slug, pk=pk)
        status = 400
    names = access.may_see_names(request.user, activity)
    people = list(services.signups_for_organiser(occurrence)) if names else []
    failed = Reminder.objects.filter(occurrence=occurrence, status=Reminder.Status.FAILED)
    return render(
        request,
        "signups/organise.html",
        {
            "activity": activity,
            "occurrence": occurrence,
            "when": texts.when_text(occurrence),
            "seats": occupancy.seats(occurrence),
            "names": names,
            "people": people,
            "failed_count": failed.count(),
            "failed": failed.select_related("signup")[:50] if names else [],
            "form": form,
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def organise_suspicious(request, slug, pk):
    """Sign-ups to check: contacts without an account holding many places (suspicious.py)."""
    occurrence = access.get_occurrence_for_organiser(request.user, slug, pk)
    if request.method == "POST":
        try:
            signup_id = int(request.POST.get("signup", ""))
        except ValueError:
            signup_id = 0
        removed = suspicious.suspicious_remove(
            occurrence=occurrence, signup_id=signup_id, by=request.user
        )
        if not removed:
            raise Http404
        messages.success(
            request,
            ngettext(
                "%(count)s sign-up removed. The place went to the next in line, if any.",
                "%(count)s sign-ups removed. The places went to the next in line, if any.",
                removed,
            )
            % {"count": removed},
        )
        return redirect("signups:organise_suspicious", slug=slug, pk=pk)
    return render(
        request,
        "signups/organise_suspicious.html",
        {
            "activity": occurrence.activity,
            "occurrence": occurrence,
            "when": texts.when_text(occurrence),
            "names": access.may_see_names(request.user, occurrence.activity),
            "contacts": suspicious.suspicious_contacts(occurrence),
            "limit": limits.anonymous_series_dates(),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request, slug):
    activity = access.get_activity_for_organiser(request.user, slug)
    form = ReminderSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"leads": services.activity_leads(activity)},
    )
    if request.method == "POST" and form.is_valid():
        services.reminder_settings_save(activity, form.cleaned_data["leads"])
        messages.success(request, _("Saved. Sign-ups get reminders at these times."))
        return redirect("signups:reminders", slug=slug)
    return render(
        request,
        "signups/reminder_settings.html",
        {"activity": activity, "form": form},
        status=400 if form.is_bound else 200,
    )
