from django.urls import path

from webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.endpoint_list, name="endpoints"),
    path("<int:pk>/", views.endpoint_detail, name="endpoint"),
    path("<int:pk>/ping/", views.endpoint_ping_view, name="ping"),
    path("<int:pk>/rotate/", views.endpoint_rotate_view, name="rotate"),
    path("<int:pk>/enable/", views.endpoint_enable_view, name="enable"),
    path("<int:pk>/delete/", views.endpoint_delete_view, name="delete"),
    path("deliveries/<int:pk>/redeliver/", views.delivery_redeliver_view, name="redeliver"),
]
