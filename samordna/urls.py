from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("samordna.core.urls")),
    path("", include("samordna.accounts.urls")),
    path("katalog/", include("samordna.organisations.urls")),
    path("barn/", include("samordna.people.urls")),
    path("sip/", include("samordna.plans.urls")),
    path("sip/<int:plan_pk>/samtycke/", include("samordna.consents.urls")),
    path("", include("samordna.meetings.urls")),
    path("logg/", include("samordna.audit.urls")),
    path("inkorg/", include("samordna.notifications.urls")),
    path("dokument/", include("samordna.documents.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
