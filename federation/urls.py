from django.urls import path

from . import views, views_obligations

app_name = "federation"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("medlemmar/", views.member_list, name="members"),
    path("organ/", views.body_list, name="bodies"),
    path("organ/<int:pk>/", views.body_detail, name="body"),
    path("organ/<int:pk>/uppdrag/nytt/", views.assignment_add, name="assignment_add"),
    path("organ/<int:pk>/regler/", views_obligations.body_rules, name="body_rules"),
    path(
        "organ/<int:pk>/extra-sammantrade/",
        views_obligations.extra_meeting_request,
        name="extra_meeting_request",
    ),
    path("personer/", views.person_list, name="persons"),
    path("personer/<int:pk>/", views.person_detail, name="person"),
    path("behorigheter/", views.roles, name="roles"),
    path("behorigheter/<int:pk>/aterkalla/", views.role_revoke, name="role_revoke"),
    path("tjanstepersoner/", views.officials, name="officials"),
    path("tjanstepersoner/<int:pk>/avsluta/", views.official_end, name="official_end"),
    path("installningar/", views.federation_settings, name="settings"),
    path("installningar/logotyp/", views.logo_image, name="logo"),
    path(
        "uppdrag/<int:pk>/fyllnadsval/",
        views.assignment_fill_vacancy,
        name="fill_vacancy",
    ),
]
