"""GET/POST /api/v1/bookings/{id}/messages/: the booking's message thread (portal/threads.py) for its requester's
organisation, the interpreter while assigned, and staff; anyone else gets 404."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from api.access import as_api_error, booking_for
from api.schema import RETRY_AFTER, errors
from bookings.models import THREAD_MESSAGE_MAX
from portal.threads import thread_may_read, thread_of, thread_post


class ThreadMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    author = serializers.SerializerMethodField()
    body = serializers.CharField(max_length=THREAD_MESSAGE_MAX)
    created_at = serializers.DateTimeField(read_only=True)

    def get_author(self, message) -> str:
        author = message.author
        return (author.get_full_name() or author.username) if author else ""


@extend_schema(
    methods=["GET"],
    operation_id="bookings_messages_list",
    summary="The booking's message thread, oldest first",
    parameters=[RETRY_AFTER],
    responses={200: ThreadMessageSerializer(many=True), **errors(404)},
)
@extend_schema(
    methods=["POST"],
    operation_id="bookings_messages_create",
    summary="Add a message to the booking's thread; the other readers get a mail notice",
    request=ThreadMessageSerializer,
    parameters=[RETRY_AFTER],
    responses={201: ThreadMessageSerializer, **errors(400, 404)},
)
@api_view(["GET", "POST"])
def booking_messages(request, pk: int):
    booking = booking_for(request.user, pk)
    if not thread_may_read(user=request.user, booking=booking):
        raise Http404
    if request.method == "GET":
        return Response(ThreadMessageSerializer(thread_of(booking), many=True).data)
    serializer = ThreadMessageSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        message = thread_post(booking=booking, author=request.user, body=serializer.validated_data["body"])
    except DjangoValidationError as exc:
        raise as_api_error(exc) from None
    return Response(ThreadMessageSerializer(message).data, status=status.HTTP_201_CREATED)
