from django.urls import path

from samordna.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("antal/", views.unread_count, name="unread_count"),
    path("las-alla/", views.read_all, name="read_all"),
    path("<int:pk>/las/", views.read, name="read"),
    path("installningar/", views.preferences, name="preferences"),
]
