from django.urls import path

from billing import views

app_name = "billing"

urlpatterns = [
    path("statements/", views.statement_list, name="statement_list"),
    path("statements/new/", views.statement_new, name="statement_new"),
    path("statements/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("statements/<int:pk>/<slug:fmt>/", views.statement_export, name="statement_export"),
    path("jobs/", views.job_costs, name="job_costs"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/correct/", views.job_correct, name="job_correct"),
    path("estimate/", views.request_estimate, name="request_estimate"),
    path("estimate/<int:pk>/", views.booking_estimate, name="booking_estimate"),
    path("fee/<int:pk>/", views.interpreter_fee, name="interpreter_fee"),
    path("tariffs/", views.tariff_list, name="tariff_list"),
    path("tariffs/<slug:party>/new/", views.tariff_edit, name="tariff_new"),
    path("tariffs/<slug:party>/<int:pk>/", views.tariff_edit, name="tariff_edit"),
    path("unpriced/", views.unpriced_list, name="unpriced_list"),
]
