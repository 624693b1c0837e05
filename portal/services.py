"""What people do with a booking: submit, cancel, assign, unassign, switch to phone or video. Views, the API,
commands and tasks all call these."""

import uuid
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import policy
from bookings.enqueue import enqueue_all_on_commit, enqueue_on_commit
from bookings.lifecycle import TransitionError, booking_transition, record_creation
from bookings.models import (
    Booking,
    BookingSeries,
    ExcludedInterpreter,
    Kind,
    OfferStatus,
    Recurrence,
    Status,
    StatusChange,
    Withdrawal,
)
from bookings.notes import Note, note_fields
from bookings.requests import BookingRequest, immediate_request_prepare
from interpreters.models import Interpreter, Mode
from matching.candidates import AssignmentConflict, assignment_lock, rule_failures
from matching.feasibility import booking_request_validate
from matching.offers import withdraw_open_offers
from matching.ranked_modes import mode_options_create
from matching.rounds import round_start
from matching.tasks import match_booking, schedule_next_wave
from notifications import events
from organisations.models import Organisation
from organisations.services import saved_place_remember
from webhooks.outbox import webhook_event_queue


def _enqueue_matching(booking: Booking) -> None:
    enqueue_on_commit(match_booking, booking.pk)


def _booking_from_request(request: BookingRequest, *, organisation, requested_by, series=None) -> Booking:
    return Booking(
        reference=f"tmp-{uuid.uuid4().hex}",
        kind=request.kind,
        organisation=organisation,
        requested_by=requested_by,
        series=series,
        mode=request.mode if request.kind == Kind.INTERPRETING else "",
        language=request.language,
        target_language=request.target_language if request.kind == Kind.TRANSLATION else None,
        starts_at=request.starts_at,
        duration_minutes=request.duration_minutes,
        ends_at=request.ends_at,
        postcode=request.postcode,
        municipality=request.municipality,
        address=request.address,
        contact_on_site=request.contact_on_site,
        sector=request.sector,
        gender_preference=request.gender_preference,
        gender_required=request.gender_required and bool(request.gender_preference),
        preferred_interpreter=request.preferred_interpreter,
        notes=request.notes,
        client_name=request.client_name,
        requester_reference=request.requester_reference.strip(),
        deadline=request.deadline,
        word_count=request.word_count,
        certified=request.certified,
        preferred_required=request.preferred_required and request.preferred_interpreter is not None,
        excluded_interpreter=request.excluded_interpreter,
        variety_text=request.variety_text,
        variety=request.variety,
        variety_required=request.variety_required and request.variety is not None,
        min_level=request.min_level,
        min_level_required=request.min_level_required and bool(request.min_level),
        connection_details=request.connection_details,
        immediate=request.immediate,
    )


def _store_requirements(booking: Booking, request: BookingRequest, *, by) -> None:
    """The ranked modes of an interpreting job, and the organisation's exclusion of an interpreter."""
    if not booking.is_interpreting:
        return
    mode_options_create(booking=booking, alternatives=request.alternatives)
    if request.excluded_interpreter is not None:
        reason = request.exclusion_reason.strip()[:300] or Note("excluded_at_request", {"ref": booking.reference})
        ExcludedInterpreter.objects.get_or_create(
            organisation=booking.organisation,
            interpreter=request.excluded_interpreter,
            defaults={**note_fields(reason, "reason"), "created_by": by},
        )


def _remember_place(booking: Booking, now: datetime) -> None:
    if booking.is_interpreting and booking.mode == Mode.ON_SITE:
        saved_place_remember(
            organisation=booking.organisation, address=booking.address, postcode=booking.postcode, now=now
        )


def _save_new(booking: Booking, *, by, now: datetime) -> Booking:
    booking.created_at = now
    booking.urgent = policy.is_urgent(booking.starts_at, now) if booking.is_interpreting else False
    booking.save()
    booking.reference = f"TP-{booking.pk:07d}"
    Booking.objects.filter(pk=booking.pk).update(reference=booking.reference)
    record_creation(booking=booking, by=by)
    events.notify_booking_submitted(booking)
    if not booking.immediate:
        _enqueue_matching(booking)
    return booking


def booking_submit(*, request: BookingRequest, organisation: Organisation, by, now: datetime | None = None) -> Booking:
    """Validate and store one request; matching starts once the transaction commits."""
    now = now or timezone.now()
    if request.kind == Kind.TRANSLATION and request.starts_at is None:
        request.starts_at = now
    if request.immediate:
        immediate_request_prepare(request, now=now)
    booking_request_validate(request, now=now)
    with transaction.atomic():
        booking = _save_new(_booking_from_request(request, organisation=organisation, requested_by=by), by=by, now=now)
        _store_requirements(booking, request, by=by)
        _remember_place(booking, now)
        if booking.immediate:
            # the first wave within the request, so present interpreters see the offer at once; the next
            # waves run as Celery eta tasks (matching/tasks.py)
            made = round_start(booking=booking, now=now)
            transaction.on_commit(lambda: schedule_next_wave(booking.pk, made))
            booking.refresh_from_db()
        return booking


def series_starts(*, starts_at: datetime, recurrence: str, occurrences: int) -> list[datetime]:
    """The starts of a weekly or fortnightly series: the same local wall-clock time, also across a DST change."""
    step = Recurrence(recurrence).step
    local_start = timezone.localtime(starts_at)
    return [
        timezone.make_aware(local_start.replace(tzinfo=None) + step * index, local_start.tzinfo)
        for index in range(occurrences)
    ]


def booking_series_submit(
    *,
    request: BookingRequest,
    organisation: Organisation,
    by,
    recurrence: str,
    occurrences: int,
    skip: frozenset[date] | set[date] = frozenset(),
    now: datetime | None = None,
) -> list[Booking]:
    """A weekly or fortnightly series: linked bookings, all valid or none stored.

    Each occurrence keeps the same local wall-clock time, also across a DST change. The local dates in `skip`
    (a holiday, a closure day the requester chose to leave out: policy.series_dates_check) are not booked; when
    one date is left it is booked on its own.
    """
    now = now or timezone.now()
    if recurrence not in Recurrence.values:
        raise ValidationError({"recurrence": _("Kies wekelijks of om de twee weken.")})
    if not 2 <= occurrences <= 52:
        raise ValidationError({"occurrences": _("Een reeks telt 2 tot 52 afspraken.")})
    booking_request_validate(request, now=now)
    starts = [
        start
        for start in series_starts(starts_at=request.starts_at, recurrence=recurrence, occurrences=occurrences)
        if timezone.localdate(start) not in skip
    ]
    if not starts:
        raise ValidationError({"occurrences": _("Je sloeg alle data van de reeks over: er blijft niets te boeken.")})
    if len(starts) == 1:
        request.starts_at = starts[0]
        return [booking_submit(request=request, organisation=organisation, by=by, now=now)]
    bookings = []
    with transaction.atomic():
        series = BookingSeries.objects.create(recurrence=recurrence, occurrences=len(starts), created_by=by)
        for start in starts:
            request.starts_at = start
            booking = _booking_from_request(request, organisation=organisation, requested_by=by, series=series)
            bookings.append(_save_new(booking, by=by, now=now))
            _store_requirements(booking, request, by=by)
        _remember_place(bookings[0], now)
    return bookings


def booking_cancel(*, booking: Booking, by, reason: str, now: datetime | None = None) -> Booking:
    """Cancel; within the free-cancellation window of a confirmed or open job it is a late cancellation."""
    now = now or timezone.now()
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden voor de annulering.")})
    late = booking.is_late_cancellation(now)
    with transaction.atomic():
        try:
            booking = booking_transition(
                booking=booking,
                to=Status.CANCELLED,
                by=by,
                note=reason,
                from_statuses=Status.cancellable_values(),
                now=now,
                late_cancellation=late,
                cancellation_reason=reason,
                cancelled_at=now,
            )
        except TransitionError:
            raise ValidationError(_("Deze boeking kan niet meer geannuleerd worden.")) from None
        withdraw_open_offers(booking=booking, now=now)
        events.notify_booking_cancelled(booking)
    return booking


def booking_series_cancel_future(*, booking: Booking, by, reason: str, now: datetime | None = None) -> list[Booking]:
    """Cancel this booking and every later one of its series that is still cancellable."""
    now = now or timezone.now()
    if booking.series_id is None:
        return [booking_cancel(booking=booking, by=by, reason=reason, now=now)]
    later = Booking.objects.filter(
        series_id=booking.series_id, starts_at__gte=booking.starts_at, status__in=Status.cancellable_values()
    ).order_by("starts_at")
    with transaction.atomic():
        return [booking_cancel(booking=item, by=by, reason=reason, now=now) for item in later]


def booking_assign(
    *,
    booking: Booking,
    interpreter,
    by,
    note: str = "",
    by_planning: bool = False,
    override_reason: str = "",
    now: datetime | None = None,
) -> Booking:
    """Staff (or an accepted offer) put an interpreter on an open booking.

    Raises ValidationError when the interpreter already has an overlapping job; on PostgreSQL the
    exclusion constraint makes that true even for two assignments racing each other. An interpreter who
    fails a hard rule of matching or one of the request's requirements (matching/wishes.py), i.e. anyone
    outside the candidates, is refused unless `override_reason` is given; the override is then logged in the
    booking's history with who, which rules and why.
    """

    now = now or timezone.now()
    failures = rule_failures(booking, [interpreter], now=now, busy=False)[interpreter.pk]  # busy: the lock below
    if failures and not override_reason.strip():
        raise ValidationError(
            {
                "interpreter": _(
                    "Deze tolk voldoet niet aan de vereisten: %(failures)s. Geef een reden om toch toe te wijzen."
                )
                % {"failures": "; ".join(failures)}
            }
        )
    typed, note = note.strip(), Note("assigned_by_planning") if by_planning else ""
    if failures:
        override = {"user": str(by), "failures": "; ".join(failures), "reason": override_reason.strip()}
        note = Note("assigned_by_planning_override" if by_planning else "assigned_override", override)
    try:
        with transaction.atomic():
            assignment_lock(booking=booking, interpreter=interpreter)
            booking = booking_transition(
                booking=booking,
                to=Status.CONFIRMED,
                by=by,
                note=note or typed,
                typed_note=typed if note else "",
                from_statuses=Status.open_values(),
                now=now,
                interpreter=interpreter,
            )
            withdraw_open_offers(booking=booking, now=now)
            events.notify_booking_confirmed(booking)
    except TransitionError:
        raise ValidationError(_("Deze boeking staat niet meer open.")) from None
    except (IntegrityError, AssignmentConflict):
        raise ValidationError({"interpreter": _("Deze tolk heeft op dat moment al een opdracht.")}) from None
    return booking


def booking_switch_to_remote(*, booking: Booking, mode: str, by, now: datetime | None = None) -> Booking:
    """The requester takes phone or video interpreting instead of an on-site interpreter; matching starts again."""
    now = now or timezone.now()
    if mode not in (Mode.PHONE, Mode.VIDEO):
        raise ValidationError({"mode": _("Kies telefonisch of via video.")})
    with transaction.atomic():
        changed = Booking.objects.filter(pk=booking.pk, status__in=Status.open_values(), mode=Mode.ON_SITE).update(
            mode=mode, updated_at=now
        )
        if not changed:
            raise ValidationError(_("Deze boeking kan niet meer omgezet worden."))
        booking.refresh_from_db()
        note = Note("switched_remote", {"mode": mode})
        StatusChange.objects.create(
            booking=booking, from_status=booking.status, to_status=booking.status, by=by, at=now, **note_fields(note)
        )
        withdraw_open_offers(booking=booking, now=now)
        events.notify_booking_changed(booking)
        round_start(booking=booking, now=now, by=by)
    booking.refresh_from_db()
    return booking


def booking_unassign(*, booking: Booking, by, reason: str, now: datetime | None = None) -> Booking:
    """Staff withdraw a confirmed assignment; the booking looks for someone else."""
    now = now or timezone.now()
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden.")})
    with transaction.atomic():
        previous = (
            Booking.objects.select_for_update().filter(pk=booking.pk).values_list("interpreter", flat=True).first()
        )
        try:
            booking = booking_transition(
                booking=booking,
                to=Status.SUBMITTED,
                by=by,
                note=reason,
                from_statuses=[Status.CONFIRMED],
                now=now,
                interpreter=None,
            )
        except TransitionError:
            raise ValidationError(_("Deze boeking heeft geen toegewezen tolk.")) from None
        # The accepted offer no longer holds: the next round's accept must be able to win.
        booking.offers.filter(status=OfferStatus.ACCEPTED).update(status=OfferStatus.WITHDRAWN, responded_at=now)
        events.notify_booking_unassigned(booking, Interpreter.objects.filter(pk=previous).first())
        events.notify_booking_changed(booking)
        _enqueue_matching(booking)
    return booking


def series_split(*, booking: Booking, by, now: datetime | None = None) -> list[int]:
    """A planner splits the booking's series: from now on each date is offered on its own, and every date still
    waiting for its first round gets one. Returns those dates."""
    now = now or timezone.now()
    if booking.series_id is None:
        raise ValidationError(_("Deze boeking hoort niet bij een reeks."))
    with transaction.atomic():
        if not BookingSeries.objects.filter(pk=booking.series_id, split_at=None).update(split_at=now):
            raise ValidationError(_("Deze reeks is al opgesplitst."))
        StatusChange.objects.create(
            booking=booking,
            from_status=booking.status,
            to_status=booking.status,
            by=by,
            at=now,
            **note_fields(Note("series_split")),
        )
        waiting = Booking.objects.filter(series_id=booking.series_id, status=Status.SUBMITTED, offers__isnull=True)
        ids = list(waiting.values_list("pk", flat=True).distinct())
        enqueue_all_on_commit(match_booking, ids)
    return ids


class WithdrawalRefused(Exception):
    """The job cannot be given back any more: it has started or ended, or is no longer confirmed (HTTP 409)."""


def booking_withdraw(*, booking: Booking, by, reason: str | Note, now: datetime | None = None) -> Withdrawal:
    """The assigned interpreter gives a confirmed job back. It goes back to matching at once as a replacement
    (that interpreter is never offered it again: matching/candidates.py), the requester is told, and within the
    late window (TOLK_FREE_CANCELLATION_HOURS) it is a late withdrawal counted on the interpreter.

    Who may call it is the caller's check (the interpreter or staff). ValidationError without a reason;
    WithdrawalRefused once the job has started, ended or is no longer confirmed. `reason` is what the interpreter
    typed, or the system's Note (an absence, new weekly hours: portal/availability.py)."""
    now = now or timezone.now()
    if not isinstance(reason, Note):
        reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Geef een reden waarom je je terugtrekt.")})
    with transaction.atomic():
        locked = Booking.objects.select_for_update(of=("self",)).select_related("interpreter").filter(pk=booking.pk)
        current = locked.first()
        if current is None or current.status != Status.CONFIRMED or current.interpreter_id is None:
            raise WithdrawalRefused(_("Deze opdracht is niet (meer) bevestigd."))
        if current.has_started(now):
            raise WithdrawalRefused(_("Deze opdracht is al begonnen: terugtrekken kan niet meer."))
        interpreter = current.interpreter
        late = current.is_late_cancellation(now)
        typed = "" if isinstance(reason, Note) else reason
        note = Note("withdrawn", {"name": str(interpreter), "late": late, "reason": typed or reason})
        booking = booking_transition(
            booking=current,
            to=Status.SUBMITTED,
            by=by,
            note=note,
            from_statuses=[Status.CONFIRMED],
            now=now,
            interpreter=None,
            checked_in_at=None,
            checked_out_at=None,
        )
        booking.offers.filter(status=OfferStatus.ACCEPTED).update(status=OfferStatus.WITHDRAWN, responded_at=now)
        # Those whose offer was withdrawn only because this interpreter took the job may get the replacement
        # (one offer row per interpreter and booking); who declined or let it expire stays left out.
        booking.offers.filter(status=OfferStatus.WITHDRAWN).exclude(interpreter=interpreter).delete()
        withdrawal = Withdrawal.objects.create(
            booking=booking,
            interpreter=interpreter,
            late=late,
            by=by,
            at=now,
            **note_fields(typed[:2000] or reason, "reason"),
        )
        announce_withdrawal(withdrawal)
        _enqueue_matching(booking)  # the replacement: a new round at once, without this interpreter
    return withdrawal


def late_withdrawal_counts(interpreter_ids) -> dict[int, int]:
    """Interpreter id → how many jobs they gave back late: for staff, beside each candidate (one query)."""
    rows = Withdrawal.objects.late().filter(interpreter_id__in=list(interpreter_ids)).values("interpreter_id")
    return {row["interpreter_id"]: row["count"] for row in rows.annotate(count=Count("id")).order_by()}


def booking_withdrawals(booking: Booking) -> list[Withdrawal]:
    """The booking's withdrawals, each with its interpreter's count of late ones (`late_count`)."""
    withdrawals = list(booking.withdrawals.select_related("interpreter__user"))
    counts = late_withdrawal_counts({w.interpreter_id for w in withdrawals})
    for withdrawal in withdrawals:
        withdrawal.late_count = counts.get(withdrawal.interpreter_id, 0)
    return withdrawals


def announce_withdrawal(withdrawal: Withdrawal) -> None:
    """The one place a withdrawal is announced, inside its transaction: the requester's mail and the
    `booking.withdrawn` webhook event (the move back to matching itself sends none)."""
    events.notify_booking_withdrawn(withdrawal.booking, withdrawal)
    webhook_event_queue(withdrawal.booking, "booking.withdrawn")
