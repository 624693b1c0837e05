"""History notes and withdrawal reasons are stored as codes with parameters and rendered in the reader's language;
what a person typed stays as typed; old rows are converted by migration 0018 when their text is a known sentence."""

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from bookings.models import Status, StatusChange, Withdrawal
from bookings.notes import NOTES, Note
from matching.rounds import booking_escalate
from portal.availability import absence_save
from portal.services import booking_cancel, booking_switch_to_remote
from tests.factories import BookingFactory, InterpreterFactory, StaffFactory, language, requester

pytestmark = pytest.mark.django_db


migration = importlib.import_module("bookings.migrations.0018_history_note_codes")


def _in(language_code: str, change) -> str:
    with translation.override(language_code):
        return change.note_text


def test_every_code_has_a_french_and_an_english_sentence():
    for code, template in NOTES.items():
        with translation.override("nl"):
            dutch = str(template.text)
        for other in ("fr", "en"):
            with translation.override(other):
                assert str(template.text) != dutch, (code, other)


def test_an_escalation_is_stored_as_a_code_and_read_in_each_language(now):
    booking = BookingFactory(starts_at=now + timedelta(days=3))
    booking_escalate(booking=booking, reason=Note("no_language_holder"), now=now)
    change = booking.history.get(to_status=Status.UNFILLED)
    assert (change.note_code, change.note_params, change.note) == ("no_language_holder", {}, "")
    assert _in("nl", change) == "Geen actieve tolk voor deze taal"
    assert _in("fr", change) == "Pas d'interprète actif pour cette langue"
    assert _in("en", change) == "No active interpreter for this language"


def test_a_mode_and_a_nested_reason_are_rendered_in_the_readers_language(now):
    booking = BookingFactory(starts_at=now + timedelta(days=3))
    change = StatusChange.objects.create(
        booking=booking,
        from_status=booking.status,
        to_status=booking.status,
        note_code="next_mode",
        note_params=Note("next_mode", {"old": "on_site", "new": "video", "reason": Note("too_late")}).as_json()[
            "params"
        ],
    )
    assert (
        _in("nl", change)
        == "Volgende gewenste modus: ter plaatse → via video (Te kort voor het begin om nog een tolk te zoeken)"
    )
    french = _in("fr", change)
    assert "sur place" in french and "ter plaatse" not in french and "Te kort" not in french


def test_a_typed_cancellation_reason_stays_as_typed_in_every_language(now):
    booking = BookingFactory(starts_at=now + timedelta(days=3))
    booking_cancel(booking=booking, by=booking.requested_by, reason="Cliënt verhuisd", now=now)
    change = booking.history.get(to_status=Status.CANCELLED)
    assert change.note_code == "" and _in("fr", change) == _in("en", change) == "Cliënt verhuisd"


def test_an_absence_withdraws_with_a_reason_whose_dates_follow_the_readers_format(now):
    interpreter = InterpreterFactory()
    booking = BookingFactory(starts_at=now + timedelta(days=10), status=Status.CONFIRMED, interpreter=interpreter)
    day = timezone.localdate(booking.starts_at)
    absence_save(
        interpreter=interpreter, by=interpreter.user, starts_on=day, ends_on=day, withdraw_from=[booking.pk], now=now
    )
    withdrawal = Withdrawal.objects.get(booking=booking)
    assert (withdrawal.reason_code, withdrawal.reason) == ("absent", "")
    assert withdrawal.reason_params == {"first": day.isoformat(), "last": day.isoformat()}
    with translation.override("fr"):
        assert withdrawal.reason_text == f"Absent(e) du {day:%d/%m/%Y} au {day:%d/%m/%Y}"
    change = booking.history.get(note_code="withdrawn")
    assert "Absent(e) du" in _in("fr", change) and "Afwezig" not in _in("en", change)


def test_the_requesters_page_shows_the_history_in_french(client, now):
    member = requester()
    booking = BookingFactory(organisation=member.memberships.first().organisation, requested_by=member, mode="on_site")
    booking_switch_to_remote(booking=booking, mode="phone", by=member, now=now)
    client.force_login(member)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    page = client.get(reverse("requester_booking_detail", args=[booking.pk])).content.decode()
    with translation.override("fr"):
        expected = booking.history.get(note_code="switched_remote").note_text
    assert expected == "Convertie de sur place en par téléphone"
    assert expected in page and "Omgezet van" not in page


def test_the_migration_converts_known_sentences_and_keeps_what_it_does_not_know(now):
    booking = BookingFactory(starts_at=now + timedelta(days=3))
    language("ara")
    texts = {
        "Geen actieve tolk voor deze taal": ("no_language_holder", {}),
        "Ronde 2: aangeboden aan An Peeters, Bo Claes": (
            "round_offered",
            {"number": 2, "names": "An Peeters, Bo Claes"},
        ),
        "Tour 3 : proposée à Chloé": ("round_offered", {"number": 3, "names": "Chloé"}),
        "Jan Janssens trok zich terug (laat): ziek": (
            "withdrawn",
            {"name": "Jan Janssens", "late": True, "reason": "ziek"},
        ),
        "Volgende gewenste modus: ter plaatse → telefonisch (Te kort voor het begin om nog een tolk te zoeken)": (
            "next_mode",
            {"old": "on_site", "new": "phone", "reason": {"code": "too_late", "params": {}}},
        ),
        "Aanbod aanvaard door An via de link in de mail, vanaf adres 10.0.0.1 met browser Firefox": (
            "offer_accepted_via",
            {"name": "An", "via": {"code": "oneclick", "params": {"address": "10.0.0.1", "agent": "Firefox"}}},
        ),
        "historiek 2017": ("history_2017", {}),
    }
    kept = ["De cliënt is verhuisd", "Een zin die het systeem nooit schreef"]
    rows = {
        text: StatusChange.objects.create(booking=booking, from_status="", to_status=booking.status, note=text)
        for text in [*texts, *kept]
    }
    interpreter = InterpreterFactory()
    absent = Withdrawal.objects.create(
        booking=booking, interpreter=interpreter, reason="Afwezig van 03/12/2026 tot 05/12/2026"
    )
    typed = Withdrawal.objects.create(booking=booking, interpreter=interpreter, reason="Ziek")

    migration.codes_from_text(apps, None)

    for text, (code, params) in texts.items():
        row = StatusChange.objects.get(pk=rows[text].pk)
        assert (row.note_code, row.note_params, row.note) == (code, params, ""), text
    for text in kept:
        row = StatusChange.objects.get(pk=rows[text].pk)
        assert (row.note_code, row.note) == ("", text)
        assert _in("fr", row) == text  # unknown old text is shown as it is
    absent.refresh_from_db()
    assert (absent.reason_code, absent.reason_params) == ("absent", {"first": "2026-12-03", "last": "2026-12-05"})
    typed.refresh_from_db()
    assert (typed.reason_code, typed.reason) == ("", "Ziek")
    with translation.override("en"):
        assert absent.reason_text == f"Away from {date(2026, 12, 3):%d/%m/%Y} to {date(2026, 12, 5):%d/%m/%Y}"


def test_a_staff_override_keeps_the_typed_reason_and_renders_the_rest(now):
    from portal.services import booking_assign

    booking = BookingFactory(starts_at=now + timedelta(days=3))
    staff = StaffFactory()
    booking_assign(
        booking=booking,
        interpreter=InterpreterFactory(),
        by=staff,
        by_planning=True,
        override_reason="cliënte stemde in",
    )
    change = booking.history.get(to_status=Status.CONFIRMED)
    assert change.note_code == "assigned_by_planning_override"
    assert change.note_params["reason"] == "cliënte stemde in"
    english = _in("en", change)
    assert english.startswith(f"Assigned by the planners · Requirements overridden by {staff}: ")
    assert english.endswith("Reason: cliënte stemde in")


def test_the_billing_migration_gives_old_unpriced_reasons_their_code(now):
    from billing.models import UnpricedJob

    billing_migration = importlib.import_module("billing.migrations.0005_unpriced_reason_codes")
    old = UnpricedJob.objects.create(booking=BookingFactory(), reason="Geen tarief voor tolken op 2016-06-01")
    other = UnpricedJob.objects.create(booking=BookingFactory(), reason="Iets anders")

    billing_migration.codes_from_text(apps, None)

    old.refresh_from_db()
    other.refresh_from_db()
    assert (old.reason_code, old.reason_params, old.reason) == ("no_interpreter_tariff", {"day": "2016-06-01"}, "")
    with translation.override("fr"):
        assert old.reason_text == "Pas de tarif interprètes au 01/06/2016"
    assert (other.reason_code, other.reason_text) == ("", "Iets anders")


def test_an_exclusion_without_a_typed_reason_names_its_request_in_the_readers_language():
    from bookings.models import ExcludedInterpreter

    migration_0019 = importlib.import_module("bookings.migrations.0019_exclusion_reason_codes")
    organisation = BookingFactory().organisation
    old = ExcludedInterpreter.objects.create(
        organisation=organisation, interpreter=InterpreterFactory(), reason="Uitgesloten bij aanvraag TP-0000042"
    )
    typed = ExcludedInterpreter.objects.create(
        organisation=organisation, interpreter=InterpreterFactory(), reason="Conflict"
    )

    migration_0019.codes_from_text(apps, None)

    old.refresh_from_db()
    assert (old.reason_code, old.reason_params, old.reason) == ("excluded_at_request", {"ref": "TP-0000042"}, "")
    with translation.override("en"):
        assert "TP-0000042" in old.reason_text and "Uitgesloten" not in old.reason_text
    typed.refresh_from_db()
    assert typed.reason_text == "Conflict"
