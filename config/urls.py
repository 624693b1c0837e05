from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("account/", include("accounts.urls")),
    path("", include("bookings.urls")),
    path("organisations/", include("organisations.urls")),
    path("billing/", include("billing.urls")),
    path("api/", include("api.urls")),
    path("interpreters/", include("interpreters.urls")),
    path("reporting/", include("reporting.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
