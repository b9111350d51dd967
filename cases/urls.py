from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("arenden/", views.case_list, name="case_list"),
    path("arenden/nytt/", views.case_create, name="case_create"),
    path("arenden/<int:pk>/", views.case_detail, name="case_detail"),
    path("arenden/<int:pk>/andra/", views.case_edit, name="case_edit"),
    path("arenden/<int:pk>/tjansteskrivelse.pdf", views.case_pdf, name="case_pdf"),
    path(
        "arenden/<int:pk>/registrera-tjansteskrivelse/",
        views.case_register_tjansteskrivelse,
        name="case_register_tjansteskrivelse",
    ),
    path("diarium/", views.diarium, name="diarium"),
    path("diarium/ny-handling/", views.document_upload, name="document_upload"),
    path("diarium/handling/<int:pk>/andra/", views.document_edit, name="document_edit"),
    path("diarium/handling/<int:pk>/fil/", views.document_file, name="document_file"),
    path("delegationsbeslut/", views.delegation_list, name="delegation_list"),
    path("delegationsbeslut/nytt/", views.delegation_create, name="delegation_create"),
    path("anmalningsarenden/", views.notification_list, name="notification_list"),
    path(
        "anmalningsarenden/pdf/",
        views.notification_list_pdf,
        name="notification_list_pdf",
    ),
]
