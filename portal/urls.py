from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from guidance import views as guidance_views
from portal import views

# The admin login goes through the portal's own login (with MFA), never Django's form: allauth's
# documented idiom replaces the site's method, which mypy does not allow on an instance.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Yhdessä"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Uploaded files (logos), in production too: portal.views.media serves images safely.
    path(settings.MEDIA_URL.strip("/") + "/<path:path>", views.media, name="media"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    # A shortlist's short link (guidance): to the list's page in the person's language.
    path("l/<str:token>", guidance_views.short, name="guidance-short"),
    # The open data API (api/): stable addresses without a language prefix.
    path("", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("data-sources/", views.data_sources, name="data-sources"),
    path("open-data/", include("api.urls_pages")),
    path("", include("organisations.urls")),
    path("", include("meetingplaces.urls")),
    path("bodies/", include("bodies.urls")),
    path("forums/", include("forums.urls")),
    path("signups/", include("signups.urls")),
    path("units/", include("units.urls")),
    path("coordinate/units/", include("units.urls_coordinate")),
    path("coordinate/data-sources/", include("api.urls_coordinate")),
    path("manage/organisations/<slug:slug>/data-sources/", include("api.urls_grants")),
    path("manage/", include("attendance.urls")),
    path("guidance/", include("guidance.urls")),
    path("knowledge/", include("knowledge.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("bench/", include("portal.bench_views")),
    path("", include("search.urls")),
    prefix_default_language=True,
)
