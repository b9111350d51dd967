from django.urls import include, path

from . import daily_views, views

app_name = "finance"

urlpatterns = [
    path("ekonomi/", views.index, name="index"),
    path("ekonomi/folkmangd/", views.population, name="population"),
    path(
        "ekonomi/folkmangd/import/", views.population_import, name="population_import"
    ),
    path(
        "ekonomi/folkmangd/import/bekrafta/",
        views.population_import_confirm,
        name="population_import_confirm",
    ),
    path(
        "ekonomi/folkmangd/<int:member>/<int:year>/",
        views.population_edit,
        name="population_edit",
    ),
    path("ekonomi/index/", views.index_series_list, name="index_series_list"),
    path("ekonomi/index/<int:pk>/", views.index_series_detail, name="index_series"),
    path(
        "ekonomi/index/<int:pk>/varde/",
        daily_views.index_value_set,
        name="index_value_set",
    ),
    path("ekonomi/verksamheter/", daily_views.activity_list, name="activities"),
    path(
        "ekonomi/verksamheter/ny/",
        daily_views.activity_edit,
        name="activity_create",
    ),
    path(
        "ekonomi/verksamheter/<int:pk>/",
        daily_views.activity_edit,
        name="activity_edit",
    ),
    path("ekonomi/avgiftsmodeller/", views.fee_model_list, name="fee_models"),
    path("ekonomi/avgiftsmodeller/ny/", views.fee_model_edit, name="fee_model_create"),
    path("ekonomi/avgiftsmodeller/<int:pk>/", views.fee_model_detail, name="fee_model"),
    path(
        "ekonomi/avgiftsmodeller/<int:pk>/andra/",
        views.fee_model_edit,
        name="fee_model_edit",
    ),
    path("ekonomi/berakningar/ny/", views.run_create, name="run_create"),
    path("ekonomi/berakningar/<int:pk>/", views.run_detail, name="run"),
    path(
        "ekonomi/berakningar/<int:pk>/faststall/",
        views.run_approve,
        name="run_approve",
    ),
    path(
        "ekonomi/berakningar/<int:pk>/rapport/",
        views.run_report_create,
        name="run_report_create",
    ),
    path(
        "ekonomi/berakningar/<int:pk>/<str:fmt>/",
        views.run_download,
        name="run_download",
    ),
    path("", include("finance.statement_urls")),
]
