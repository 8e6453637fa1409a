from django.urls import include, path

from samordna.plans.views import start

app_name = "plans"
urlpatterns = [
    path("", start.plan_list, name="list"),
    path("ny/barn/<int:child_pk>/", start.initiate, name="initiate"),
    path("anslut/<str:token>/", start.join_request, name="join_request"),
    path("<int:pk>/forfragningar/", start.join_requests, name="join_requests"),
    path("<int:pk>/forfragningar/<int:join_pk>/", start.decide_join, name="decide_join"),
    path("<int:pk>/forberedelse/", start.preparation_view, name="preparation"),
    path("<int:pk>/mote/", start.book_meeting, name="book_meeting"),
    path("", include("samordna.plans.urls_content")),
]
