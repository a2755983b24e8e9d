from django.urls import path

from . import views
from .api import api

urlpatterns = [
    path("api/v1/openapi.json", views.openapi_json, name="openapi-json"),
    path("api/v1/", api.urls),
]
