from django.urls import path

from samordna.people import views

app_name = "people"
urlpatterns = [
    path("", views.child_list, name="child_list"),
    path("ny/", views.child_register, name="child_register"),
    path("<int:pk>/", views.child_detail, name="child_detail"),
    path("<int:pk>/andra/", views.child_edit, name="child_edit"),
    path("<int:pk>/historik/", views.child_history, name="child_history"),
    path("<int:pk>/<slug:kind>/ny/", views.child_item, name="child_item_add"),
    path("<int:pk>/<slug:kind>/<int:item_pk>/", views.child_item, name="child_item_edit"),
]
