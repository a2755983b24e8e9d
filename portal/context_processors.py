from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.encoding import iri_to_uri

# Language names in their own language: never translated, so everyone finds their own.
NATIVE_LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}


def _language_url(path: str, current: str, code: str) -> str:
    """The same page under another language prefix (/fi/x/ → /sv/x/)."""
    translated = translate_url(path, code)
    if translated != path or code == current:
        return translated
    # translate_url only knows pages that resolve; swap the prefix of any other path (a 404).
    prefix = f"/{current}/"
    if path.startswith(prefix):
        return f"/{code}/{path[len(prefix) :]}"
    return f"/{code}/"


def _resolved_language_url(request, code: str) -> str | None:
    """translate_url without resolving the path again: the request's own resolver match."""
    match = request.resolver_match
    if match is None or not match.url_name:
        return None
    with translation.override(code):
        try:
            url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return None
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{iri_to_uri(query)}" if query else url


def _language_links(request) -> list[dict]:
    current = translation.get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        url = path if code == current else None
        if url is None and request.path_info == request.path:
            url = _resolved_language_url(request, code)
        links.append(
            {
                "code": code,
                "name": NATIVE_LANGUAGE_NAMES.get(code, code),
                "url": url if url is not None else _language_url(path, current, code),
                "current": code == current,
            }
        )
    return links


def _is_coordinator(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    from areas.models import Coordinator

    return Coordinator.objects.filter(user=user).exists()


def site(request):
    # Callables: the template evaluates them only where it needs them.
    return {
        "SITE_URL": settings.SITE_URL,
        "language_links": lambda: _language_links(request),
        "user_is_coordinator": lambda: _is_coordinator(request.user),
    }
