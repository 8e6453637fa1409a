from django.urls import path

from samordna.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("enheter/<int:pk>/", views.unit_detail, name="unit_detail"),
]
