from datetime import UTC, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models.join import Join, join_for
from bookings.notes import note_render
from interpreters.models import Gender, Interpreter, Level, Mode, Sector
from languages.models import Language
from organisations.models import Municipality, Organisation


class Kind(models.TextChoices):
    INTERPRETING = "interpreting", _("Tolkopdracht")
    TRANSLATION = "translation", _("Vertaling")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Ingediend")
    OFFERED = "offered", _("Aangeboden")
    CONFIRMED = "confirmed", _("Bevestigd")
    COMPLETED = "completed", _("Uitgevoerd")
    CANCELLED = "cancelled", _("Geannuleerd")
    UNFILLED = "unfilled", _("Niet ingevuld")

    @classmethod
    def open_values(cls) -> list[str]:
        """Still waiting for an interpreter."""
        return [cls.SUBMITTED, cls.OFFERED, cls.UNFILLED]

    @classmethod
    def cancellable_values(cls) -> list[str]:
        return [cls.SUBMITTED, cls.OFFERED, cls.UNFILLED, cls.CONFIRMED]


def lead_hour() -> models.Func:
    """Whole hours from the request (created_at) to the start, rounded down: the buckets of the median lead time.

    The key of the index `booking_completed_lead_hour` (migration 0009, PostgreSQL); a query uses that index only
    with this very expression.
    It never decreases as the lead time grows, so a bucket's bookings are neighbours in lead-time order.
    """
    return models.Func(
        models.F("starts_at"),
        models.F("created_at"),
        arg_joiner=" - ",
        template="floor(date_part('epoch', %(expressions)s) / 3600)",
        output_field=models.FloatField(),
    )


class Recurrence(models.TextChoices):
    WEEKLY = "weekly", _("Wekelijks")
    BIWEEKLY = "biweekly", _("Om de twee weken")

    @property
    def step(self) -> timedelta:
        return timedelta(weeks=1 if self == Recurrence.WEEKLY else 2)


class BookingSeries(models.Model):
    recurrence = models.CharField(_("herhaling"), max_length=10, choices=Recurrence.choices)
    occurrences = models.PositiveSmallIntegerField(_("aantal keer"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A series is offered as one block (the earliest open date carries the offer of all); once a planner splits
    # it, each date is matched on its own.
    split_at = models.DateTimeField(_("opgesplitst op"), null=True, blank=True)

    class Meta:
        verbose_name = _("reeks")
        verbose_name_plural = _("reeksen")
        constraints = [
            models.CheckConstraint(condition=Q(occurrences__gte=2, occurrences__lte=52), name="series_size"),
        ]

    def __str__(self) -> str:
        return f"{self.get_recurrence_display()} × {self.occurrences}"


LANGUAGE_NAMES = ("name_nl", "name_fr", "name_en")


class BookingQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def for_interpreter(self, interpreter):
        return self.filter(interpreter=interpreter)

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at")

    def with_status(self, *statuses):
        return self.filter(status__in=statuses)

    def open(self):
        return self.filter(status__in=Status.open_values())

    def for_lists(self):
        """What list pages show, fetched in one query."""
        return self.select_related("language", "target_language", "organisation", "municipality", "interpreter__user")

    def for_requester_rows(self):
        """Just what a requester's list and dashboard rows show (templates/bookings/requester/_booking_items.html
        and booking_list.html), in one query: fetching and building every column of the booking, its organisation
        and municipality took 5 of the page's ms at 25 rows (bench/: list pages under load). A row showing a
        field left out here costs a query per row; tests/portal pins the page's queries."""
        return self.select_related("language", "target_language", "interpreter__user").only(
            "id",
            "reference",
            "kind",
            "status",
            "mode",
            "starts_at",
            "deadline",
            "urgent",
            "late_cancellation",
            *(f"{language}__{name}" for language in ("language", "target_language") for name in LANGUAGE_NAMES),
            "interpreter__user__username",
            "interpreter__user__first_name",
            "interpreter__user__last_name",
        )


class Booking(models.Model):
    """A request for an interpreter (on site, phone, video) or a translation, and its lifecycle."""

    reference = models.CharField(_("referentie"), max_length=40, unique=True)
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices, default=Kind.INTERPRETING)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("organisatie")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    series = models.ForeignKey(BookingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings")

    mode = models.CharField(_("modus"), max_length=8, choices=Mode.choices, blank=True)
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("taal"))
    target_language = models.ForeignKey(
        Language, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("doeltaal")
    )
    starts_at = models.DateTimeField(_("start"))
    duration_minutes = models.PositiveIntegerField(_("verwachte duur (minuten)"), null=True, blank=True)
    ends_at = models.DateTimeField(_("einde"), null=True, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    address = models.CharField(_("adres"), max_length=200, blank=True)
    contact_on_site = models.CharField(_("contactpersoon ter plaatse"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, default=Sector.ANDERE)
    gender_preference = models.CharField(_("voorkeur gender"), max_length=1, choices=Gender.choices, blank=True)
    gender_required = models.BooleanField(_("gender is een vereiste"), default=False)
    preferred_interpreter = models.ForeignKey(
        Interpreter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voorkeurstolk"),
    )
    notes = models.TextField(_("notities voor de tolk"), blank=True)
    # Requirements (hard: matching never breaks them, staff only with a logged override) and wishes (rank
    # higher): gender above, the named interpreter (preferred_interpreter), a variety, a minimum level.
    # An excluded interpreter is stored per organisation (ExcludedInterpreter) and is always hard.
    preferred_required = models.BooleanField(_("deze tolk is een vereiste"), default=False)
    excluded_interpreter = models.ForeignKey(
        Interpreter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uitgesloten tolk"),
    )
    variety_text = models.CharField(_("dialect of variant"), max_length=100, blank=True)
    variety = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("variant (ISO 639-3)"),
    )
    variety_required = models.BooleanField(_("de variant is een vereiste"), default=False)
    min_level = models.CharField(_("minimumniveau"), max_length=10, choices=Level.choices, blank=True)
    min_level_required = models.BooleanField(_("het niveau is een vereiste"), default=False)
    connection_details = models.CharField(_("telefoonnummer of videolink"), max_length=300, blank=True)
    # A video job without the requester's own link meets here, on TOLK_VIDEO_BASE_URL (set on confirmation).
    meeting_room = models.CharField(_("vergaderruimte"), max_length=60, blank=True)
    urgent = models.BooleanField(_("dringend"), default=False)
    # "Nu een tolk": a phone or video job that starts when it is requested, offered to present interpreters only
    immediate = models.BooleanField(_("nu een tolk"), default=False)
    # Personal data: only the requester's organisation and the assigned interpreter see it; removed by
    # bookings/retention.py a while after the job (personal_data_removed_at says when).
    client_name = models.CharField(
        _("naam of initialen van de cliënt"),
        max_length=100,
        blank=True,
        help_text=_("Niet verplicht. Alleen jij en de toegewezen tolk zien dit."),
    )
    requester_reference = models.CharField(
        _("eigen referentie"),
        max_length=100,
        blank=True,
        help_text=_("Je dossiernummer of kostenplaats; staat op de afrekening en in de exports."),
    )
    personal_data_removed_at = models.DateTimeField(_("persoonsgegevens verwijderd op"), null=True, blank=True)

    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    word_count = models.PositiveIntegerField(_("aantal woorden"), null=True, blank=True)
    certified = models.BooleanField(_("beëdigde vertaling"), default=False)

    interpreter = models.ForeignKey(
        Interpreter, on_delete=models.PROTECT, null=True, blank=True, related_name="jobs", verbose_name=_("tolk")
    )
    checked_in_at = models.DateTimeField(_("aangemeld ter plaatse"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("afgemeld"), null=True, blank=True)
    late_cancellation = models.BooleanField(_("late annulering"), default=False)
    cancellation_reason = models.TextField(_("reden van annulering"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    imported = models.BooleanField(
        _("geïmporteerd"), default=False, help_text=_("Historische opdracht uit een ander systeem (import_assignments)")
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("boeking")
        verbose_name_plural = _("boekingen")
        indexes = [
            # requester's list and dashboard: an organisation's bookings by start
            models.Index(fields=["organisation", "starts_at"], name="booking_org_start"),
            # requester's dashboard: an organisation's open translations by deadline (few among its bookings)
            models.Index(
                fields=["organisation", "deadline"], condition=Q(kind="translation"), name="booking_org_translation"
            ),
            # interpreter's agenda and the overlap check
            models.Index(fields=["interpreter", "starts_at"], name="booking_interpreter_start"),
            # staff queue, reminder scan and the annual report: by status and start
            models.Index(fields=["status", "starts_at"], name="booking_status_start"),
            # the reports: a period's bookings read from the index alone (no visit to the wide rows)
            models.Index(
                fields=["starts_at"],
                include=[
                    "status",
                    "late_cancellation",
                    "kind",
                    "mode",
                    "organisation",
                    "language",
                    "sector",
                    "duration_minutes",
                    "created_at",
                ],
                name="booking_report_covering",
            ),
            # the median lead time reads the index booking_completed_lead_hour (PostgreSQL only: migration 0009)
            # matching, fairness: minutes worked per interpreter in the last 30 days (an index-only scan)
            models.Index(
                fields=["interpreter", "starts_at"],
                include=["duration_minutes"],
                condition=Q(status__in=[Status.CONFIRMED, Status.COMPLETED]),
                name="booking_busy_minutes",
            ),
            # matching, buffers: an interpreter's jobs that end after a moment; bounded by the end, so the
            # interpreter's past jobs (years of them) are not read. The id is included so that leaving out
            # the booking being matched keeps the scan index-only.
            models.Index(
                fields=["interpreter", "ends_at"],
                include=["starts_at", "mode", "municipality", "id"],
                condition=Q(kind=Kind.INTERPRETING, status__in=[Status.CONFIRMED, Status.COMPLETED]),
                name="booking_busy_windows",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="booking_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="booking_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind=Kind.INTERPRETING)
                | (Q(mode__in=Mode.values) & Q(duration_minutes__gte=30) & Q(ends_at__gt=models.F("starts_at"))),
                name="booking_interpreting_complete",
            ),
            models.CheckConstraint(
                condition=~Q(kind=Kind.TRANSLATION) | (Q(mode="") & Q(target_language__isnull=False)),
                name="booking_translation_complete",
            ),
            models.CheckConstraint(condition=~Q(mode=Mode.ON_SITE) | ~Q(postcode=""), name="booking_on_site_has_place"),
            models.CheckConstraint(
                condition=Q(immediate=False) | Q(kind=Kind.INTERPRETING, mode__in=[Mode.PHONE, Mode.VIDEO]),
                name="booking_immediate_is_remote",
            ),
            models.CheckConstraint(
                condition=Q(late_cancellation=False) | Q(status=Status.CANCELLED), name="booking_late_only_if_cancelled"
            ),
            models.CheckConstraint(
                # Historical assignments (import_assignments) name no interpreter.
                condition=~Q(status=Status.CONFIRMED) | Q(interpreter__isnull=False) | Q(imported=True),
                name="booking_confirmed_has_interpreter",
            ),
            models.CheckConstraint(
                condition=Q(preferred_interpreter__isnull=True)
                | Q(excluded_interpreter__isnull=True)
                | ~Q(preferred_interpreter=models.F("excluded_interpreter")),
                name="booking_named_not_excluded",
            ),
            models.CheckConstraint(
                condition=Q(min_level="") | Q(min_level__in=[Level.SWORN, Level.CERTIFIED, Level.TRAINED]),
                name="booking_min_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(preferred_required=False) | Q(preferred_interpreter__isnull=False),
                name="booking_named_required_has_interpreter",
            ),
            models.CheckConstraint(
                condition=Q(variety_required=False) | Q(variety__isnull=False), name="booking_variety_required_has_code"
            ),
            models.CheckConstraint(
                condition=Q(min_level_required=False) | ~Q(min_level=""), name="booking_min_level_required_has_level"
            ),
        ]
        # PostgreSQL also has an exclusion constraint (migration 0002): one interpreter's confirmed and
        # completed interpreting jobs never overlap in time.

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("requester_booking_detail", args=[self.pk])

    @property
    def join(self) -> Join | None:
        """The number to call, the meeting link or the address of the job (bookings/models/join.py)."""
        if self.kind != Kind.INTERPRETING:
            return None
        place = ", ".join(p for p in [self.address, str(self.municipality or self.postcode)] if p)
        return join_for(
            mode=self.mode,
            connection_details=self.connection_details,
            meeting_room=self.meeting_room,
            address=place,
            fallback_phone=self.organisation.phone if self.mode == Mode.PHONE else "",
        )

    @property
    def region(self):
        return self.organisation.municipality.region

    @property
    def is_interpreting(self) -> bool:
        return self.kind == Kind.INTERPRETING

    @property
    def job_day(self):
        """The local day the work is for: a translation's deadline, an interpreting job's start. Certifications
        must be valid on this day."""
        moment = self.deadline if self.kind == Kind.TRANSLATION and self.deadline else self.starts_at
        return timezone.localdate(moment)

    @property
    def is_cancellable(self) -> bool:
        return self.status in Status.cancellable_values()

    @property
    def free_cancellation_until(self):
        """Cancelling is free until this moment; later it is a late (billable) cancellation.

        Counted in real elapsed hours, so across a DST change 24 hours stay 24 hours. (Python adds timedeltas to
        wall-clock time when a datetime carries a zone with DST, hence the UTC.)
        """
        return self.starts_at.astimezone(UTC) - timedelta(hours=settings.TOLK_FREE_CANCELLATION_HOURS)

    def is_late_cancellation(self, now) -> bool:
        """Cancelling now would be late (billable): an interpreting job inside the free-cancellation window."""
        return self.is_interpreting and now.astimezone(UTC) >= self.free_cancellation_until

    def has_started(self, now) -> bool:
        return now >= self.starts_at

    def is_on_the_day(self, now) -> bool:
        """Check-in and check-out are for the job's own (local) day."""
        return self.is_interpreting and timezone.localdate(now) == timezone.localdate(self.starts_at)


class StatusChange(models.Model):
    """One step in a booking's history: who moved it from which status to which, and when."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)  # text a person typed (a cancellation reason), or old text no code matched
    note_code = models.CharField(max_length=40, blank=True)  # a system sentence: bookings/notes.py
    note_params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.from_status or '—'} → {self.to_status}"

    @property
    def note_text(self) -> str:
        """The note in the active language: the system's sentence, then what a person typed."""
        parts = [note_render(self.note_code, self.note_params) if self.note_code else "", self.note]
        return " · ".join(part for part in parts if part)


class DocumentPurpose(models.TextChoices):
    SOURCE = "source", _("Te vertalen")
    TRANSLATION = "translation", _("Vertaald")


def document_path(document, filename: str) -> str:
    return f"documents/{document.booking.reference}/{document.purpose}/{filename}"


class Document(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="documents")
    purpose = models.CharField(max_length=12, choices=DocumentPurpose.choices, default=DocumentPurpose.SOURCE)
    file = models.FileField(upload_to=document_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")

    def __str__(self) -> str:
        return self.original_name
