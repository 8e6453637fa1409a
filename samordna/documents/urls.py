from django.urls import path

from samordna.documents import views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/forlopp/", views.progress, name="progress"),
    path("<int:pk>/hamta/", views.download, name="download"),
]
