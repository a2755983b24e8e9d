from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("definitions/", views.definitions, name="definitions"),
    path("<slug:slug>/", views.area_page, name="area"),
    path("<slug:slug>/<slug:table>.csv", views.table_csv, name="table-csv"),
]
