from django.urls import path

from . import views

app_name = "bailiffs"

urlpatterns = [
    path("", views.bailiff_list, name="bailiff_list"),
    path("<int:pk>/", views.bailiff_detail, name="bailiff_detail"),
    path("<int:pk>/pause/", views.pause, name="pause"),
    path("<int:pk>/suspend/", views.suspend, name="suspend"),
    path("<int:pk>/terminate/", views.terminate, name="terminate"),
    path("<int:pk>/exclude/", views.exclude, name="exclude"),
    path("<int:pk>/reinstate/", views.reinstate, name="reinstate"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/conflicts/", views.conflict, name="conflict"),
]
