"""What happens between a request and its completion: offers, timesheets, feedback."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models.booking import Booking
from bookings.notes import note_render, notes_render
from interpreters.models import Interpreter, Mode


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Aanvaard")
    DECLINED = "declined", _("Geweigerd")
    EXPIRED = "expired", _("Verlopen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class OfferQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=OfferStatus.OPEN)

    def for_interpreter(self, interpreter):
        return self.filter(interpreter=interpreter)


class Offer(models.Model):
    """A job offered to one interpreter in one round of matching."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="offers")
    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="offers")
    round_number = models.PositiveSmallIntegerField(default=1)
    mode = models.CharField(max_length=8, choices=Mode.choices, blank=True)
    status = models.CharField(max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    rank = models.PositiveSmallIntegerField(default=0)
    # why the candidate stood where it did: notes (`{"code", "params"}`, bookings/notes.py) in the reader's language
    reasons = models.JSONField(default=list, blank=True)
    distance_km = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["expires_at", "id"]
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbiedingen")
        indexes = [
            # the expiry sweep: open offers by expiry
            models.Index(fields=["status", "expires_at"], name="offer_status_expiry"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=OfferStatus.values), name="offer_status_valid"),
            # an interpreter gets one offer per booking: a decline is final
            models.UniqueConstraint(fields=["booking", "interpreter"], name="offer_once_per_interpreter"),
            models.UniqueConstraint(
                fields=["booking"], condition=Q(status=OfferStatus.ACCEPTED), name="offer_one_accepted_per_booking"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booking} → {self.interpreter} ({self.status})"

    @property
    def reason_texts(self) -> list[str]:
        return notes_render(self.reasons)


class TimesheetStatus(models.TextChoices):
    """The requester's answer to a filed timesheet (bookings/timesheet_approval.py)."""

    PENDING = "pending", _("Wacht op goedkeuring")
    APPROVED = "approved", _("Goedgekeurd")
    DISPUTED = "disputed", _("Betwist")
    AUTO_APPROVED = "auto_approved", _("Automatisch goedgekeurd")

    @classmethod
    def billable_values(cls) -> list[str]:
        """Only these go onto a statement."""
        return [cls.APPROVED, cls.AUTO_APPROVED]


class Timesheet(models.Model):
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="timesheet")
    actual_start = models.DateTimeField(_("werkelijke start"))
    actual_end = models.DateTimeField(_("werkelijk einde"))
    travel_km = models.PositiveIntegerField(_("reisafstand (km)"), default=0)
    waiting_minutes = models.PositiveIntegerField(_("wachttijd (minuten)"), default=0)
    parking_cost = models.DecimalField(_("parkeerkosten (EUR)"), max_digits=7, decimal_places=2, default=0)
    client_no_show = models.BooleanField(_("cliënt niet komen opdagen"), default=False)
    remarks = models.TextField(_("opmerkingen"), blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    filed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("goedkeuring"), max_length=13, choices=TimesheetStatus.choices, default=TimesheetStatus.PENDING
    )
    approval_due_at = models.DateTimeField(_("automatisch goedgekeurd op"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    dispute_reason = models.TextField(_("reden van betwisting"), blank=True)
    resolution = models.TextField(_("afhandeling"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("prestatieblad")
        verbose_name_plural = _("prestatiebladen")
        indexes = [
            # the auto-approval sweep: pending timesheets by due moment
            models.Index(fields=["status", "approval_due_at"], name="timesheet_status_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(actual_end__gt=models.F("actual_start")), name="timesheet_ordered"),
            models.CheckConstraint(condition=Q(status__in=TimesheetStatus.values), name="timesheet_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=TimesheetStatus.DISPUTED) | ~Q(dispute_reason=""),
                name="timesheet_dispute_has_reason",
            ),
            models.CheckConstraint(condition=Q(parking_cost__gte=0), name="timesheet_parking_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.actual_start:%Y-%m-%d %H:%M}–{self.actual_end:%H:%M}"

    @property
    def actual_minutes(self) -> int:
        return int((self.actual_end - self.actual_start).total_seconds() // 60)


class WithdrawalQuerySet(models.QuerySet):
    def late(self):
        return self.filter(late=True)


class Withdrawal(models.Model):
    """An interpreter gave back a confirmed job. Matching never offers that job to them again
    (matching/candidates.py); a late one (inside TOLK_FREE_CANCELLATION_HOURS) counts against them for staff."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="withdrawals")
    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="withdrawals")
    reason = models.TextField(_("reden"), blank=True)  # as the interpreter typed it
    reason_code = models.CharField(max_length=40, blank=True)  # or the system's reason: bookings/notes.py
    reason_params = models.JSONField(default=dict, blank=True)
    late = models.BooleanField(_("laat"), default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    objects = WithdrawalQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("terugtrekking")
        verbose_name_plural = _("terugtrekkingen")
        indexes = [
            # matching's rule "withdrew from this job" (booking, interpreter) and staff's count of late ones
            models.Index(fields=["booking", "interpreter"], name="withdrawal_booking_person"),
            models.Index(fields=["interpreter"], condition=Q(late=True), name="withdrawal_late_interpreter"),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.interpreter_id}{' (laat)' if self.late else ''}"

    @property
    def reason_text(self) -> str:
        """The reason in the active language: the system's (an absence, new weekly hours) or as typed."""
        return (note_render(self.reason_code, self.reason_params) if self.reason_code else "") or self.reason


class ComplaintType(models.TextChoices):
    LATE = "late", _("Meer dan 10 minuten te laat")
    NO_SHOW = "no_show", _("Niet komen opdagen")
    QUALITY = "quality", _("Kwaliteit van het tolken")
    CONDUCT = "conduct", _("Gedrag")
    OTHER = "other", _("Andere")


class Feedback(models.Model):
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("score"))
    complaint_type = models.CharField(_("klacht"), max_length=10, choices=ComplaintType.choices, blank=True)
    complaint_text = models.TextField(_("toelichting"), blank=True)
    complaint_closed_at = models.DateTimeField(null=True, blank=True)
    complaint_resolution = models.TextField(blank=True)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.rating}/5"
