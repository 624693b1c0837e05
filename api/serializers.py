"""What the API reads and writes. Serializers check types and shapes; the booking services check the rules."""

import re
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bookings.models import Kind, Offer, Status
from bookings.requests import MAX_WORD_COUNT, TEXT_LIMITS
from bookings.serializers import BookingSerializer
from interpreters.models import Gender, Interpreter, Level, Mode, Sector
from languages.models import Language
from organisations.models import Region
from webhooks.models import PING, EventType

EARLIEST = datetime(2000, 1, 1).date()
LATEST = datetime(2100, 1, 1).date()
MAX_ID = 2**63 - 1


class BoundedDateTimeField(serializers.DateTimeField):
    """A date-time this century: far-off years are typing errors and would overflow date arithmetic."""

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        if not EARLIEST <= parsed.date() < LATEST:
            raise serializers.ValidationError(_("Kies een datum tussen 2000 en 2100."))
        return parsed


class BoundedDateField(serializers.DateField):
    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        if not EARLIEST <= parsed < LATEST:
            raise serializers.ValidationError(_("Kies een datum tussen 2000 en 2100."))
        return parsed


class LanguageField(serializers.PrimaryKeyRelatedField):
    """A language by its ISO 639-3 code; anything else is refused before it reaches the database."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Language.objects.all(), pk_field=serializers.CharField(), **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(r"[a-z]{3}", data):
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


def language_field(**kwargs) -> LanguageField:
    return LanguageField(**kwargs)


def interpreter_field(queryset, **kwargs) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, pk_field=serializers.IntegerField(min_value=1, max_value=MAX_ID), **kwargs
    )


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(
        max_length=8,
        required=False,
        allow_blank=True,
        help_text="Staff only: the current code of their authenticator app (two-factor authentication).",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True)
    role = serializers.ChoiceField(choices=["requester", "interpreter", "staff"], read_only=True)
    organisations = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    interpreter = serializers.IntegerField(read_only=True, allow_null=True)


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name"]


class LanguageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Language
        fields = ["code", "name_nl", "name_fr", "name_en", "is_common"]


class BookingCreateSerializer(serializers.Serializer):
    """A new booking request: the same fields as the portal's form, validated by the same service."""

    organisation = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Organisatie waarvoor geboekt wordt; nodig voor staff en voor wie lid is van meerdere."),
    )
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.INTERPRETING)
    immediate = serializers.BooleanField(
        default=False,
        help_text=_("Nu een tolk: telefonisch of via video, zonder starts_at; begint nu, enkel voor aanwezige tolken"),
    )
    mode = serializers.ChoiceField(choices=Mode.choices, required=False, allow_blank=True, default="")
    language = language_field(help_text=_("ISO 639-3-code"))
    target_language = language_field(required=False, allow_null=True, default=None)
    starts_at = BoundedDateTimeField(required=False, allow_null=True, default=None)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True, default=None, max_value=100_000)
    postcode = serializers.CharField(required=False, allow_blank=True, default="", max_length=4)
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_LIMITS["address"])
    contact_on_site = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_LIMITS["contact_on_site"]
    )
    sector = serializers.ChoiceField(
        choices=Sector.choices,
        required=False,
        help_text=_("Zonder: de sector van de laatste boeking van de organisatie, anders die van haar soort"),
    )
    requester_reference = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=TEXT_LIMITS["requester_reference"],
        help_text=_("Je eigen dossiernummer of kostenplaats; staat op de afrekening en in de exports"),
    )
    gender_preference = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True, default="")
    gender_required = serializers.BooleanField(default=False)
    preferred_interpreter = interpreter_field(Interpreter.objects.all(), required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_LIMITS["notes"])
    deadline = BoundedDateTimeField(required=False, allow_null=True, default=None)
    word_count = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_WORD_COUNT
    )
    certified = serializers.BooleanField(default=False)
    # requirements (`*_required`: hard) and wishes (rank higher): matching/wishes.py
    preferred_required = serializers.BooleanField(default=False, help_text=_("De voorkeurstolk is een vereiste"))
    excluded_interpreter = interpreter_field(
        Interpreter.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Krijgt geen opdrachten van deze organisatie meer"),
    )
    exclusion_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_LIMITS["exclusion_reason"]
    )
    variety_text = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_LIMITS["variety_text"]
    )
    variety = language_field(required=False, allow_null=True, default=None, help_text=_("ISO 639-3-code, bv. ary"))
    variety_required = serializers.BooleanField(default=False)
    min_level = serializers.ChoiceField(
        choices=[Level.SWORN, Level.CERTIFIED, Level.TRAINED], required=False, allow_blank=True, default=""
    )
    min_level_required = serializers.BooleanField(default=False)
    # ranked modes (matching/ranked_modes.py): `mode` first, then mode_2 and mode_3, each with its own place or link
    connection_details = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_LIMITS["connection_details"]
    )
    mode_2 = serializers.ChoiceField(choices=Mode.choices, required=False, allow_blank=True, default="")
    postcode_2 = serializers.CharField(required=False, allow_blank=True, default="", max_length=4)
    address_2 = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_LIMITS["address_2"])
    connection_details_2 = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_LIMITS["connection_details_2"]
    )
    mode_3 = serializers.ChoiceField(choices=Mode.choices, required=False, allow_blank=True, default="")
    postcode_3 = serializers.CharField(required=False, allow_blank=True, default="", max_length=4)
    address_3 = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_LIMITS["address_3"])
    connection_details_3 = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_LIMITS["connection_details_3"]
    )


class BookingFilterSerializer(serializers.Serializer):
    """Query parameters of the booking list; `from` and `to` are dates (start of the booking)."""

    def get_fields(self):
        return {
            "status": serializers.ChoiceField(choices=Status.choices, required=False),
            "kind": serializers.ChoiceField(choices=Kind.choices, required=False),
            "mode": serializers.ChoiceField(choices=Mode.choices, required=False),
            "language": serializers.CharField(required=False, max_length=3),
            "from": BoundedDateField(required=False),
            "to": BoundedDateField(required=False),
            "organisation": serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID),
        }


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=2000, help_text=_("Reden van de annulering"))


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text=_("Waarom de tolk zich terugtrekt"))


class AssignSerializer(serializers.Serializer):
    interpreter = interpreter_field(Interpreter.objects.filter(is_active=True))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        help_text=_("Nodig om een tolk toe te wijzen die niet aan een vereiste voldoet; komt in de geschiedenis"),
    )


class CompleteSerializer(serializers.Serializer):
    actual_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)
    travel_km = serializers.IntegerField(min_value=0, max_value=1000)
    client_no_show = serializers.BooleanField(default=False)
    remarks = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class DisputeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text=_("Wat klopt er niet aan het prestatieblad"))


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class OfferSerializer(serializers.ModelSerializer):
    """An open offer with what an interpreter needs to decide: where, when, which language, how far."""

    kind = serializers.CharField(source="booking.kind", read_only=True)
    mode = serializers.SerializerMethodField()
    language = serializers.CharField(source="booking.language_id", read_only=True)
    target_language = serializers.CharField(source="booking.target_language_id", read_only=True, allow_null=True)
    starts_at = serializers.DateTimeField(source="booking.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="booking.ends_at", read_only=True, allow_null=True)
    duration_minutes = serializers.IntegerField(source="booking.duration_minutes", read_only=True, allow_null=True)
    deadline = serializers.DateTimeField(source="booking.deadline", read_only=True, allow_null=True)
    postcode = serializers.CharField(source="booking.postcode", read_only=True)
    municipality = serializers.StringRelatedField(source="booking.municipality", read_only=True, allow_null=True)
    sector = serializers.CharField(source="booking.sector", read_only=True)

    class Meta:
        model = Offer
        fields = [
            "id",
            "booking",
            "status",
            "round_number",
            "expires_at",
            "distance_km",
            "kind",
            "mode",
            "language",
            "target_language",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "deadline",
            "postcode",
            "municipality",
            "sector",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=[("", "")] + Mode.choices))
    def get_mode(self, offer: Offer) -> str:
        return offer.mode or offer.booking.mode


class StrictBooleanField(serializers.BooleanField):
    """A JSON true or false, nothing that merely looks like one (0, "no")."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class PresenceSerializer(serializers.Serializer):
    """The calling interpreter can take a phone or video job right now, until `until` (at most 12 hours ahead)."""

    available = StrictBooleanField()
    until = BoundedDateTimeField(
        required=False, allow_null=True, default=None, help_text=_("Leeg: twee uur vanaf nu; hoogstens 12 uur vooruit")
    )


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.Field):
    """A count or a figure as a JSON number (a Decimal would otherwise become a string)."""

    def to_representation(self, value):
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return value


class ReportRowSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    dimension = serializers.ChoiceField(
        choices=["total", "region", "language", "mode", "sector", "month", "language_month"]
    )
    key = serializers.CharField(allow_blank=True)
    value = NumberField()


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class WebhookEndpointSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.URLField(max_length=500, help_text=_("https; gecontroleerd bij elke levering"))
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EventType.values),
        default=list,
        max_length=len(EventType.values),
        help_text=_("Leeg: alle"),
    )
    is_active = serializers.BooleanField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(read_only=True, help_text=_("Eén keer getoond: `whsec_` + base64"))


class WebhookEventSerializer(serializers.Serializer):
    """The body of every delivery (the `ping` of the test button carries the endpoint instead of a booking)."""

    type = serializers.ChoiceField(choices=[*EventType.values, PING])
    timestamp = serializers.DateTimeField(help_text="When the event happened (UTC)")
    data = BookingSerializer()
