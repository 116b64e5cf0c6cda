from django.urls import path

from . import views

app_name = "assignment"

urlpatterns = [
    path("", views.log, name="log"),
    path("applications/<int:pk>/redistribute/", views.redistribute, name="redistribute"),
]
