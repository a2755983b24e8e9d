import functools

from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse, translate_url
from django.utils import translation
from django.utils.encoding import iri_to_uri

from accounts.roles import has_role

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


@functools.lru_cache(maxsize=4096)
def _reverse_in(code: str, view_name: str, args: tuple, kwargs: tuple, *_key) -> str | None:
    """reverse() in a language, remembered (the key includes the URLconf and script prefix)."""
    with translation.override(code):
        try:
            return reverse(view_name, args=args, kwargs=dict(kwargs))
        except NoReverseMatch:
            return None


def _resolved_language_url(request, code: str) -> str | None:
    """translate_url without resolving the path again: the request's own resolver match."""
    match = request.resolver_match
    if match is None or not match.url_name:
        return None
    arguments = (
        code,
        match.view_name,
        tuple(match.args),
        tuple(sorted(match.kwargs.items())),
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
    )
    try:
        url = _reverse_in(*arguments)
    except TypeError:  # an unhashable argument: reverse it every time, uncached
        url = _reverse_in.__wrapped__(*arguments)
    if url is None:
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


# The base layout's links and static files: the same for every request in a language, so
# reversed once per language (and URLconf and script prefix) instead of on every page.
SITE_URL_NAMES = {
    "home": "home",
    "open_data": "open_data:page",
    "search": "search:search",
    "bodies": "bodies:list",
    "forums": "forums:list",
    "my_signups": "signups:mine",
    "manage_dashboard": "manage:dashboard",
    "directory": "organisations:list",
    "coordinate_dashboard": "coordinate:dashboard",
    "profile": "accounts:profile",
    "logout": "account_logout",
    "login": "account_login",
    "signup": "account_signup",
    "accessibility": "accessibility",
    "privacy": "privacy",
    "data_sources": "data-sources",
    "units": "units:index",
}
SITE_STATIC_FILES = {
    "site_css": "css/site.css",
    "htmx": "vendor/htmx.min.js",
    "site_js": "js/site.js",
    "favicon": "img/favicon.ico",
}


@functools.lru_cache(maxsize=64)
def _site_urls(language: str, *_key) -> dict[str, str]:
    with translation.override(language):
        return {name: reverse(view_name) for name, view_name in SITE_URL_NAMES.items()}


@functools.lru_cache(maxsize=8)
def _site_static(*_key) -> dict[str, str]:
    return {name: static(path) for name, path in SITE_STATIC_FILES.items()}


def site(request):
    # The layout's links and static files: looked up once per request (a dict the template
    # reads a dozen times), not once per use. The rest are callables, evaluated only where a
    # template needs them.
    return {
        "SITE_URL": settings.SITE_URL,
        "site_urls": _site_urls(
            translation.get_language() or settings.LANGUAGE_CODE,
            get_urlconf() or settings.ROOT_URLCONF,
            get_script_prefix(),
        ),
        "site_static": _site_static(
            settings.STATIC_URL, settings.STORAGES["staticfiles"]["BACKEND"]
        ),
        "language_links": lambda: _language_links(request),
        # The coordinators' link shows with or without TOTP: without, it leads to the set-up.
        "user_is_coordinator": lambda: has_role(request.user),
    }
