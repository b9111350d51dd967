"""The ekonom's per-member statements, instalments sent and the year's adjustments
(issue 20.2, 20.3, 20.8): their own URL module, included by finance.urls.

Under addresses of their own: finance.urls' ekonomi/berakningar/<pk>/<fmt>/ would
take a single word after a run's address."""

from django.urls import path

from . import adjustment_views, statement_views

urlpatterns = [
    path(
        "ekonomi/avgiftsbesked/<int:pk>/",
        statement_views.statements,
        name="statements",
    ),
    path(
        "ekonomi/avgiftsbesked/<int:pk>/skapa/",
        statement_views.statements_create,
        name="statements_create",
    ),
    path(
        "ekonomi/avgiftsbesked/<int:pk>/alla/",
        statement_views.statements_download,
        name="statements_download",
    ),
    path(
        "ekonomi/avgiftsbesked/<int:pk>/<int:member>/",
        statement_views.statement_download,
        name="statement_download",
    ),
    path(
        "ekonomi/delbetalningar/<int:pk>/",
        statement_views.instalments,
        name="instalments",
    ),
    path(
        "ekonomi/delbetalningar/<int:pk>/<int:position>/skickad/",
        statement_views.instalment_sent,
        name="instalment_sent",
    ),
    path(
        "ekonomi/verksamhetsar/",
        adjustment_views.activity_year_list,
        name="activity_years",
    ),
    path(
        "ekonomi/verksamhetsar/ny/",
        adjustment_views.activity_year_edit,
        name="activity_year_create",
    ),
    path(
        "ekonomi/verksamhetsar/<int:pk>/",
        adjustment_views.activity_year_edit,
        name="activity_year_edit",
    ),
    path(
        "ekonomi/verksamhetsar/<int:activity_year>/justeringar/ny/",
        adjustment_views.adjustment_edit,
        name="adjustment_create",
    ),
    path(
        "ekonomi/justeringar/<int:pk>/",
        adjustment_views.adjustment_edit,
        name="adjustment_edit",
    ),
    path(
        "ekonomi/justeringar/<int:pk>/ta-bort/",
        adjustment_views.adjustment_delete,
        name="adjustment_delete",
    ),
]
