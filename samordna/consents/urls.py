"""Mounted at sip/<int:plan_pk>/samtycke/: every route gets the plan's pk."""

from django.urls import path

from samordna.consents import views

app_name = "consents"
urlpatterns = [
    path("", views.consent_list, name="list"),
    path("ny/", views.record, name="record"),
    path("blankett.pdf", views.form_pdf, name="form_pdf"),
    path("<int:consent_pk>/dokument/", views.document, name="document"),
    path("<int:consent_pk>/aterkalla/", views.withdraw, name="withdraw"),
]
