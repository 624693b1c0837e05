from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.annual, name="annual"),
    path("<int:year>/export.csv", views.annual_export, {"format": "csv"}, name="annual_csv"),
    path("<int:year>/export.xlsx", views.annual_export, {"format": "xlsx"}, name="annual_xlsx"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("bookings/", views.bookings_behind, name="bookings"),
    path("<int:year>/figures/", views.figures_year, name="figures"),
    path("<int:year>/figures/<slug:code>/", views.figure_edit, name="figure_edit"),
]
