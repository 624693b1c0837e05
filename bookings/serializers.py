"""The booking as the API reads it, and as the webhooks send it (webhooks/outbox.py): one representation, kept
below both so that the webhooks' outbox can snapshot it in the transaction of the change it announces."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bookings.models import Booking, Status, TimesheetStatus
from interpreters.models import Gender, Level, Mode


class JoinSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Mode.choices, help_text=_("De modus van de opdracht"))
    value = serializers.CharField(help_text=_("Het nummer om te bellen, de videolink of het adres"))
    href = serializers.CharField(help_text=_("tel:-, https:- of kaartlink"))


class BookingSerializer(serializers.ModelSerializer):
    """A booking as every role that may see it reads it."""

    timesheet_status = serializers.SerializerMethodField(
        help_text=_("pending, approved, disputed of auto_approved; leeg zolang er geen prestatieblad is")
    )
    join = serializers.SerializerMethodField(
        help_text=_("Hoe tolk en aanvrager elkaar vinden, zodra de opdracht bevestigd is; anders null")
    )

    municipality = serializers.StringRelatedField(read_only=True, allow_null=True)
    mode = serializers.ChoiceField(
        choices=Mode.choices, allow_blank=True, read_only=True, help_text=_("Leeg: vertaling")
    )
    gender_preference = serializers.ChoiceField(choices=Gender.choices, allow_blank=True, read_only=True)
    min_level = serializers.ChoiceField(
        choices=[Level.SWORN, Level.CERTIFIED, Level.TRAINED], allow_blank=True, read_only=True, help_text=_("Leeg")
    )

    class Meta:
        model = Booking
        fields = [
            "id",
            "reference",
            "kind",
            "mode",
            "language",
            "target_language",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "postcode",
            "municipality",
            "address",
            "contact_on_site",
            "deadline",
            "word_count",
            "certified",
            "sector",
            "gender_preference",
            "gender_required",
            "preferred_interpreter",
            "preferred_required",
            "variety_text",
            "variety",
            "variety_required",
            "min_level",
            "min_level_required",
            "connection_details",
            "notes",
            "urgent",
            "immediate",
            "status",
            "late_cancellation",
            "cancellation_reason",
            "interpreter",
            "organisation",
            "requester_reference",
            "created_at",
            "timesheet_status",
            "join",
        ]
        read_only_fields = fields

    @extend_schema_field(JoinSerializer(allow_null=True))
    def get_join(self, booking) -> dict | None:
        join = booking.join if booking.status in (Status.CONFIRMED, Status.COMPLETED) else None
        return join.as_dict() if join else None

    @extend_schema_field(serializers.ChoiceField(choices=TimesheetStatus.choices, allow_null=True))
    def get_timesheet_status(self, booking) -> str | None:
        timesheet = getattr(booking, "timesheet", None)
        return timesheet.status if timesheet else None
