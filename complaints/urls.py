from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="complaint_list"),
    path("new/<int:application_pk>/", views.complaint_create, name="complaint_create"),
    path("<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/take/", views.take, name="take"),
    path("<int:pk>/explain/", views.explain, name="explain"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("decisions/new/", views.decision_register, name="decision_register"),
    path("decisions/<int:pk>/document/", views.decision_document, name="decision_document"),
    path("decisions/<int:pk>/appeal/", views.appeal, name="appeal"),
    path("decisions/<int:pk>/appeal-result/", views.appeal_decide, name="appeal_decide"),
    path("reassignments/<int:pk>/release/", views.release, name="release"),
    path("reassignments/<int:pk>/handover/", views.handover, name="handover"),
    path("disciplinary/", views.disciplinary_case_list, name="disciplinary_case_list"),
    path("disciplinary/<int:pk>/", views.disciplinary_case_detail, name="disciplinary_case_detail"),
]
