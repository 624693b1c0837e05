"""Tariffs (dated data staff manage), the price lines of each job, statements and billing profiles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from bookings.models import Booking, Kind
from bookings.notes import note_render
from interpreters.models import Interpreter, Mode
from organisations.models import Organisation

MONEY = {"max_digits": 10, "decimal_places": 2}
RATE = {"max_digits": 10, "decimal_places": 4}


class TariffQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day)

    def overlapping(self, *, kind: str, mode: str, valid_from, valid_until):
        """Periods of the same kind and mode that share at least one day with [valid_from, valid_until]."""
        rows = self.filter(kind=kind, mode=mode).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
        if valid_until is not None:
            rows = rows.filter(valid_from__lte=valid_until)
        return rows


class TariffPeriod(models.Model):
    """A tariff for one kind (and mode, for interpreting) valid from one day up to and including another."""

    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    mode = models.CharField(_("modus"), max_length=8, choices=Mode.choices, blank=True)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True, help_text=_("Leeg: tot nader order"))
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = TariffQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["kind", "mode", "-valid_from"]

    def __str__(self) -> str:
        until = date_format(self.valid_until, "SHORT_DATE_FORMAT") if self.valid_until else "…"
        label = self.get_kind_display() + (f" {self.get_mode_display()}" if self.mode else "")
        return f"{label} {date_format(self.valid_from, 'SHORT_DATE_FORMAT')}–{until}"

    @classmethod
    def period_constraints(cls, prefix: str) -> list:
        return [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name=f"{prefix}_kind_valid"),
            models.CheckConstraint(
                condition=(Q(kind=Kind.INTERPRETING) & Q(mode__in=Mode.values))
                | (Q(kind=Kind.TRANSLATION) & Q(mode="")),
                name=f"{prefix}_mode_fits_kind",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name=f"{prefix}_period_ordered",
            ),
        ]


class RequesterTariff(TariffPeriod):
    """What a requesting organisation pays.

    Interpreting is billed per started increment: either at the hourly rate, or (the 2017 practice) a price for a
    first block (e.g. EUR 8 for the first hour) and a price per started increment after it (EUR 2 per quarter hour).
    """

    hourly_rate = models.DecimalField(_("uurtarief"), default=0, **MONEY)
    minimum_minutes = models.PositiveIntegerField(_("minimaal aangerekende minuten"), default=60)
    increment_minutes = models.PositiveIntegerField(_("aanrekenen per begonnen ... minuten"), default=15)
    first_block_minutes = models.PositiveIntegerField(
        _("eerste blok (minuten)"), default=0, help_text=_("0: geen blokprijs, het uurtarief geldt")
    )
    first_block_price = models.DecimalField(_("prijs eerste blok"), default=0, **MONEY)
    increment_price = models.DecimalField(_("prijs per begonnen eenheid na het eerste blok"), default=0, **MONEY)
    km_rate = models.DecimalField(_("reiskost per km"), default=0, **RATE)
    max_km = models.PositiveIntegerField(_("maximaal aangerekende km"), default=0)
    late_cancellation_charge = models.DecimalField(_("kost late annulering"), default=0, **MONEY)
    word_rate = models.DecimalField(_("prijs per woord"), default=0, **RATE)
    translation_minimum = models.DecimalField(_("minimumprijs vertaling"), default=0, **MONEY)
    sworn_supplement = models.DecimalField(_("toeslag beëdigde vertaling"), default=0, **MONEY)

    class Meta(TariffPeriod.Meta):
        verbose_name = _("tarief aanvrager")
        verbose_name_plural = _("tarieven aanvragers")
        constraints = [
            *TariffPeriod.period_constraints("requester_tariff"),
            models.CheckConstraint(condition=Q(increment_minutes__gte=1), name="requester_tariff_increment_positive"),
        ]
        # PostgreSQL also excludes overlapping periods of one kind and mode (migration 0002).


class InterpreterTariff(TariffPeriod):
    """What an interpreter or translator is paid (self-billing)."""

    hourly_fee = models.DecimalField(_("vergoeding per uur"), default=0, **MONEY)
    km_allowance = models.DecimalField(_("kilometervergoeding"), default=0, **RATE)
    max_km = models.PositiveIntegerField(_("maximaal vergoede km"), default=0)
    word_fee = models.DecimalField(_("vergoeding per woord"), default=0, **RATE)
    late_cancellation_fee = models.DecimalField(_("vergoeding late annulering"), default=0, **MONEY)

    class Meta(TariffPeriod.Meta):
        verbose_name = _("tarief tolken")
        verbose_name_plural = _("tarieven tolken")
        constraints = TariffPeriod.period_constraints("interpreter_tariff")


class Party(models.TextChoices):
    REQUESTER = "requester", _("Aanvrager")
    INTERPRETER = "interpreter", _("Tolk")


def validate_enterprise_number(value: str) -> None:
    """A Belgian enterprise number: 10 digits (dots and spaces allowed) whose last two are 97 − (first 8 mod 97)."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) != 10 or int(digits[8:]) != 97 - int(digits[:8]) % 97:
        raise ValidationError(_("Geen geldig ondernemingsnummer (10 cijfers, bv. 0650.986.202)."))


class BillingProfile(models.Model):
    """What an organisation's finance system needs on an e-invoice."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="billing_profile")
    enterprise_number = models.CharField(
        _("ondernemingsnummer"), max_length=20, blank=True, validators=[validate_enterprise_number]
    )
    peppol_scheme = models.CharField(_("Peppol-schema"), max_length=4, default="0208")
    peppol_endpoint = models.CharField(_("Peppol-adres"), max_length=50, blank=True)
    buyer_reference = models.CharField(_("referentie afnemer"), max_length=100, blank=True)
    invoice_email = models.EmailField(_("e-mail facturatie"), blank=True)

    class Meta:
        verbose_name = _("facturatieprofiel")
        verbose_name_plural = _("facturatieprofielen")

    def __str__(self) -> str:
        return str(self.organisation)


class StatementQuerySet(models.QuerySet):
    def for_lists(self):
        return self.select_related("organisation", "interpreter__user")


class Statement(models.Model):
    """A quarterly statement for an organisation, or a monthly payout statement for an interpreter."""

    party = models.CharField(_("partij"), max_length=12, choices=Party.choices)
    number = models.CharField(_("nummer"), max_length=40, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="statements"
    )
    interpreter = models.ForeignKey(
        Interpreter, on_delete=models.PROTECT, null=True, blank=True, related_name="payout_statements"
    )
    period_start = models.DateField(_("periode van"))
    period_end = models.DateField(_("periode tot en met"))
    issued_at = models.DateTimeField(_("opgemaakt op"), default=timezone.now)
    due_on = models.DateField(_("te betalen op"))
    net_amount = models.DecimalField(_("bedrag excl. btw"), **MONEY)
    vat_rate = models.DecimalField(_("btw-tarief (%)"), max_digits=5, decimal_places=2)
    vat_amount = models.DecimalField(_("btw"), **MONEY)
    total_amount = models.DecimalField(_("totaal"), **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "number"]
        verbose_name = _("afrekening")
        verbose_name_plural = _("afrekeningen")
        constraints = [
            models.CheckConstraint(
                condition=(Q(party=Party.REQUESTER) & Q(organisation__isnull=False) & Q(interpreter__isnull=True))
                | (Q(party=Party.INTERPRETER) & Q(interpreter__isnull=False) & Q(organisation__isnull=True)),
                name="statement_party_consistent",
            ),
            models.UniqueConstraint(
                fields=["organisation", "period_start"],
                condition=Q(party=Party.REQUESTER),
                name="statement_once_per_organisation_period",
            ),
            models.UniqueConstraint(
                fields=["interpreter", "period_start"],
                condition=Q(party=Party.INTERPRETER),
                name="statement_once_per_interpreter_period",
            ),
            models.CheckConstraint(
                condition=Q(total_amount=models.F("net_amount") + models.F("vat_amount")),
                name="statement_total_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class PriceLineQuerySet(models.QuerySet):
    def for_requester(self):
        return self.filter(party=Party.REQUESTER)

    def for_interpreter(self):
        return self.filter(party=Party.INTERPRETER)


class PriceLine(models.Model):
    """One priced item of a job, kept as it was computed. A correction is a new line with a reason."""

    party = models.CharField(_("partij"), max_length=12, choices=Party.choices)
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="price_lines")
    description = models.CharField(_("omschrijving"), max_length=200)
    quantity = models.DecimalField(_("hoeveelheid"), max_digits=12, decimal_places=4)
    unit_code = models.CharField(_("eenheid"), max_length=3, default="C62", help_text="UN/ECE rec 20")
    unit_price = models.DecimalField(_("eenheidsprijs"), **RATE)
    amount = models.DecimalField(_("bedrag"), **MONEY)
    requester_tariff = models.ForeignKey(
        RequesterTariff, on_delete=models.PROTECT, null=True, blank=True, related_name="lines"
    )
    interpreter_tariff = models.ForeignKey(
        InterpreterTariff, on_delete=models.PROTECT, null=True, blank=True, related_name="lines"
    )
    correction_reason = models.TextField(_("reden van correctie"), blank=True)
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, null=True, blank=True, related_name="lines")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PriceLineQuerySet.as_manager()

    class Meta:
        ordering = ["booking_id", "party", "id"]
        verbose_name = _("prijslijn")
        verbose_name_plural = _("prijslijnen")
        indexes = [
            # statement building: a party's lines not yet on a statement
            models.Index(fields=["party", "statement"], name="priceline_party_statement"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(party__in=Party.values), name="priceline_party_valid"),
            models.CheckConstraint(
                condition=Q(requester_tariff__isnull=False)
                | Q(interpreter_tariff__isnull=False)
                | ~Q(correction_reason=""),
                name="priceline_has_tariff_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.party}: {self.description} {self.amount}"


class UnpricedJob(models.Model):
    """A finished job no tariff applies to: shown to staff, priced as soon as a tariff covers it."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="unpriced")
    reason = models.CharField(_("reden"), max_length=200, blank=True)  # old text no code matched
    reason_code = models.CharField(max_length=40, blank=True)  # bookings/notes.py
    reason_params = models.JSONField(default=dict, blank=True)
    flagged_at = models.DateTimeField(_("gemeld op"), default=timezone.now)

    class Meta:
        ordering = ["flagged_at", "id"]
        verbose_name = _("niet geprijsde opdracht")
        verbose_name_plural = _("niet geprijsde opdrachten")

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.reason_text}"

    @property
    def reason_text(self) -> str:
        """Why, in the active language."""
        return (note_render(self.reason_code, self.reason_params) if self.reason_code else "") or self.reason
