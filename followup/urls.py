from django.urls import path

from . import views
from .commissions import views as commissions

app_name = "followup"

urlpatterns = [
    path("uppfoljning/", views.index, name="index"),
    path(
        "uppfoljning/internkontroll/<int:year>/",
        views.control_plan,
        name="control_plan",
    ),
    path(
        "uppfoljning/internkontroll/<int:year>/pdf/",
        views.control_plan_pdf,
        name="control_plan_pdf",
    ),
    path(
        "uppfoljning/internkontroll/omrade/<int:pk>/avvikelse/",
        views.deviation_add,
        name="deviation_add",
    ),
    path("uppfoljning/uppdrag/", commissions.commission_list, name="commissions"),
    path(
        "uppfoljning/uppdrag/<int:pk>/",
        commissions.commission_detail,
        name="commission",
    ),
    path(
        "uppfoljning/uppdrag/<int:pk>/andra/",
        commissions.commission_edit,
        name="commission_edit",
    ),
    path(
        "uppfoljning/uppdrag/<int:pk>/avsluta/",
        commissions.commission_close,
        name="commission_close",
    ),
    path(
        "uppfoljning/uppdrag/<int:pk>/ta-bort/",
        commissions.commission_discard,
        name="commission_discard",
    ),
    path(
        "uppfoljning/uppdrag/<int:pk>/dagordning/<int:meeting>/",
        commissions.commission_to_agenda,
        name="commission_to_agenda",
    ),
    path(
        "uppfoljning/uppdrag/paragraf/<int:pk>/",
        commissions.paragraph_commissions,
        name="paragraph_commissions",
    ),
    path("uppfoljning/mal/<int:year>/", views.goals, name="goals"),
    path("uppfoljning/mal/andra/<int:pk>/", views.goal_edit, name="goal_edit"),
    path(
        "uppfoljning/rapport/<int:pk>/<int:year>/",
        views.report,
        name="report",
    ),
    path(
        "uppfoljning/rapport/<int:pk>/<int:year>/fraga/<int:question>/",
        views.answer_edit,
        name="answer_edit",
    ),
    path(
        "uppfoljning/rapport/<int:pk>/<int:year>/<str:fmt>/",
        views.report_download,
        name="report_download",
    ),
]
