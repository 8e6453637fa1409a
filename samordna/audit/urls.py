from django.urls import path

from samordna.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.review_log, name="review"),
    path("roller/", views.role_changes, name="role_changes"),
    path("utdrag/<int:child_pk>/csv/", views.extract_csv, name="extract_csv"),
    path("utdrag/<int:child_pk>/pdf/", views.extract_pdf, name="extract_pdf"),
]
