"""What a requester asks of the interpreter beyond the language: exclusions, ranked modes, closure days.

The requirements and wishes themselves (gender, variety, named interpreter, minimum level) are fields on
Booking; the rules that use them live in matching/candidates.py and matching/wishes.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models.booking import Booking
from bookings.notes import note_render
from interpreters.models import Interpreter, Mode
from organisations.models import Municipality, Organisation


class ExcludedInterpreter(models.Model):
    """An interpreter who is never offered this organisation's jobs (e.g. after a conflict of interest)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="excluded_interpreters", verbose_name=_("organisatie")
    )
    interpreter = models.ForeignKey(
        Interpreter, on_delete=models.CASCADE, related_name="excluded_by", verbose_name=_("tolk")
    )
    reason = models.CharField(_("reden"), max_length=300, blank=True)  # as typed
    reason_code = models.CharField(max_length=40, blank=True)  # or the system's: bookings/notes.py
    reason_params = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("uitgesloten tolk")
        verbose_name_plural = _("uitgesloten tolken")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "interpreter"], name="exclusion_once_per_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ✕ {self.interpreter}"

    @property
    def reason_text(self) -> str:
        """The reason in the active language: as typed, or the system's."""
        return (note_render(self.reason_code, self.reason_params) if self.reason_code else "") or self.reason


class BookingModeOption(models.Model):
    """One of up to three modes a requester accepts, in order of preference, each with its own place or link.

    Booking.mode (and postcode, address, connection_details) always hold the option matching is trying
    now; when its candidates run out or its cut-off passes, the next option is copied onto the booking.
    """

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="mode_options")
    rank = models.PositiveSmallIntegerField(_("voorkeur"))
    mode = models.CharField(_("modus"), max_length=8, choices=Mode.choices)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    address = models.CharField(_("adres"), max_length=200, blank=True)
    connection_details = models.CharField(_("telefoonnummer of videolink"), max_length=300, blank=True)

    class Meta:
        ordering = ["booking", "rank"]
        verbose_name = _("gewenste modus")
        verbose_name_plural = _("gewenste modi")
        constraints = [
            models.UniqueConstraint(fields=["booking", "rank"], name="mode_option_rank_once"),
            models.UniqueConstraint(fields=["booking", "mode"], name="mode_option_mode_once"),
            models.CheckConstraint(condition=Q(rank__gte=1, rank__lte=3), name="mode_option_rank_1_to_3"),
            models.CheckConstraint(condition=Q(mode__in=Mode.values), name="mode_option_mode_valid"),
            models.CheckConstraint(
                condition=~Q(mode=Mode.ON_SITE) | ~Q(postcode=""), name="mode_option_on_site_has_place"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id} #{self.rank}: {self.mode}"


class ClosureDay(models.Model):
    """A day the agency is closed besides the Belgian public holidays; not a working day for any rule."""

    day = models.DateField(_("dag"), unique=True)
    reason = models.CharField(_("reden"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("sluitingsdag")
        verbose_name_plural = _("sluitingsdagen")

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.reason}".strip()
