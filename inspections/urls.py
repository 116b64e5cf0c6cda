from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.inspection_list, name="inspection_list"),
    path("new/", views.inspection_order, name="inspection_order"),
    path("new/complaints/", views.complaint_choices, name="complaint_choices"),
    path("candidates/", views.candidates, name="candidates"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("<int:pk>/act/", views.inspection_act, name="inspection_act"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/cases/", views.add_case, name="add_case"),
    path("<int:pk>/cases/<int:case_pk>/finding/", views.record_finding, name="record_finding"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/objections/", views.object_to_act, name="object"),
    path("<int:pk>/petition/", views.petition, name="petition"),
]
