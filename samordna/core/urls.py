from django.urls import path

from samordna.core import task_views, views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("healthz", views.healthz, name="healthz"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("session/forlang/", views.keep_alive, name="keep_alive"),
    path("drift/uppgifter/", task_views.failed_task_list, name="failed_tasks"),
    path("drift/uppgifter/<uuid:pk>/", task_views.failed_task_detail, name="failed_task"),
    path("drift/uppgifter/<uuid:pk>/forsok-igen/", task_views.retry_task, name="retry_task"),
]
