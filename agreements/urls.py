from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("avtal/", views.agreement_list, name="agreement_list"),
    path("avtal/export.xlsx", views.agreement_export, name="agreement_export"),
    path("avtal/nytt/", views.agreement_create, name="agreement_create"),
    path("avtal/import/", views.agreement_import, name="agreement_import"),
    path("avtal/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("avtal/<int:pk>/andra/", views.agreement_edit, name="agreement_edit"),
    path(
        "avtal/<int:pk>/part/<int:party_pk>/beslut/",
        views.ratification_record,
        name="ratification_record",
    ),
    path("avtal/<int:pk>/uppsagning/", views.notice_give, name="notice_give"),
    path("avtal/<int:pk>/handlingar/", views.document_link, name="document_link"),
    path(
        "avtal/<int:pk>/handlingar/ny/",
        views.document_upload,
        name="document_upload",
    ),
    path(
        "avtal/medlem/<int:member_pk>/",
        views.member_agreements,
        name="member_agreements",
    ),
]
