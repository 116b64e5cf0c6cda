from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("verify/<str:code>/", views.verify, name="verify"),
    path("documents/<str:code>/download/", views.download, name="download"),
]
