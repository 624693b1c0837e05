from django.urls import path

from notifications.views import booking_messages, failed_message_list, message_retry_view, waiting_message_list

urlpatterns = [
    path("bookings/<int:pk>/messages/", booking_messages, name="staff_booking_messages"),
    path("messages/waiting/", waiting_message_list, name="staff_waiting_messages"),
    path("messages/failed/", failed_message_list, name="staff_failed_messages"),
    path("messages/<int:pk>/retry/", message_retry_view, name="staff_message_retry"),
]
