from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from samordna.accounts import two_factor_views, views
from samordna.accounts.forms import LoginForm, PasswordLinkForm

app_name = "accounts"
urlpatterns = [
    path(
        "logga-in/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "losenord/aterstall/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordLinkForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path(
        "losenord/aterstall/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "losenord/nytt/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "losenord/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("tvastegsverifiering/", two_factor_views.verify, name="two_factor"),
    path("tvastegsverifiering/ny-app/", two_factor_views.enrol, name="two_factor_enrol"),
    path("konto/tvastegsverifiering/", two_factor_views.settings_page, name="two_factor_settings"),
    path(
        "konto/tvastegsverifiering/reservkoder/",
        two_factor_views.backup_codes,
        name="two_factor_backup_codes",
    ),
    path(
        "konto/tvastegsverifiering/nya-reservkoder/",
        two_factor_views.new_backup_codes,
        name="two_factor_new_backup_codes",
    ),
    path("konto/enhet/", views.switch_unit, name="switch_unit"),
    path("konto/sessioner/", views.session_list, name="sessions"),
    path("konto/sessioner/<int:pk>/avsluta/", views.end_session, name="end_session"),
    path("konto/sessioner/avsluta-andra/", views.end_other_sessions, name="end_other_sessions"),
    path("anvandare/", views.user_list, name="user_list"),
    path("anvandare/ny/", views.user_create, name="user_create"),
    path("anvandare/<int:pk>/", views.user_detail, name="user_detail"),
    path("anvandare/<int:pk>/roller/", views.membership_add, name="membership_add"),
    path(
        "anvandare/<int:pk>/tvastegsverifiering/",
        views.reset_two_factor,
        name="reset_two_factor",
    ),
    path(
        "anvandare/<int:pk>/roller/<int:membership_pk>/ta-bort/",
        views.membership_remove,
        name="membership_remove",
    ),
]
