"""The bailiff's workspace, mounted at /cases/: the list of the bailiff's cases and the actions on a case
(the case page itself is /applications/<pk>/)."""

from django.urls import path

from . import workspace_views as views

app_name = "workspace"

urlpatterns = [
    path("", views.my_cases, name="my_cases"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/initiate/", views.initiate, name="initiate"),
    path("<int:pk>/refuse/", views.refuse, name="refuse"),
    path("<int:pk>/actions/", views.action, name="action"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/actions/<int:action_pk>/document/", views.action_document, name="action_document"),
    path("<int:pk>/actions/<int:action_pk>/reverse/", views.reverse_action, name="reverse_action"),
]
