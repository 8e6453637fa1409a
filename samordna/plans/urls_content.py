"""The plan's content, versions, follow-up, closure and prints (under /sip/, "plans" namespace)."""

from django.urls import path

from samordna.plans.views import closure, content, follow_up, prints, versions

urlpatterns = [
    path("<int:pk>/", content.detail, name="detail"),
    path("<int:pk>/andra/", content.edit, name="edit"),
    path("<int:pk>/mal/ny/", content.goal_form, name="goal_add"),
    path("<int:pk>/mal/<int:goal_pk>/", content.goal_form, name="goal_edit"),
    path("<int:pk>/mal/<int:goal_pk>/ta-bort/", content.goal_delete, name="goal_delete"),
    path("<int:pk>/insatser/ny/", content.measure_form, name="measure_add"),
    path("<int:pk>/insatser/<int:measure_pk>/", content.measure_form, name="measure_edit"),
    path("<int:pk>/insatser/<int:measure_pk>/ta-pa-oss/", content.take_on, name="measure_take_on"),
    path(
        "<int:pk>/insatser/<int:measure_pk>/ta-bort/", content.measure_delete, name="measure_delete"
    ),
    path("<int:pk>/samordnare/", content.coordinator, name="coordinator"),
    path("<int:pk>/huvudansvar/", content.responsibility, name="responsibility"),
    path("<int:pk>/godkann/", versions.approve, name="approve"),
    path("<int:pk>/versioner/", versions.compare, name="compare"),
    path("<int:pk>/uppfoljning/", follow_up.follow_up, name="follow_up"),
    path("<int:pk>/avsluta/", closure.close, name="close"),
    path("<int:pk>/sip.pdf", prints.plan_pdf, name="pdf"),
    path("<int:pk>/min-plan.pdf", prints.my_plan_pdf, name="my_plan_pdf"),
    path("<int:pk>/avslutsbrev.pdf", prints.closure_letter, name="closure_letter"),
]
