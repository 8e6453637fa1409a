from django.urls import path

from samordna.core import views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("healthz", views.healthz, name="healthz"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("session/forlang/", views.keep_alive, name="keep_alive"),
]
