from django.urls import path

from . import views

app_name = "open_data"

urlpatterns = [
    path("", views.open_data, name="page"),
    path("api/", views.reference, name="reference"),
]
