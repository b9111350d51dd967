from django.urls import path

from . import views

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
