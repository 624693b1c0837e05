"""Candidates come in a fixed, explainable order: preferred, level, distance, fairness, id."""

from datetime import timedelta

import pytest

from bookings.models import Status
from matching.candidates import candidates_for
from tests.factories import BookingFactory, InterpreterFactory, municipality

pytestmark = pytest.mark.django_db


def test_the_requesters_preferred_interpreter_comes_first_even_with_a_lower_level(now):
    sworn = InterpreterFactory(languages={"ara": "sworn"})
    preferred = InterpreterFactory(languages={"ara": "trained"})
    booking = BookingFactory(preferred_interpreter=preferred)
    ranked = candidates_for(booking, now=now)
    assert [c.interpreter for c in ranked] == [preferred, sworn]
    assert ranked[0].reasons[0] == "Voorkeurstolk van de aanvrager"


def test_level_ranks_sworn_over_certified_over_trained_over_none(now):
    none = InterpreterFactory(languages={"ara": "none"})
    trained = InterpreterFactory(languages={"ara": "trained"})
    sworn = InterpreterFactory(languages={"ara": "sworn"})
    certified = InterpreterFactory(languages={"ara": "certified"})
    ranked = candidates_for(BookingFactory(), now=now)
    assert [c.interpreter for c in ranked] == [sworn, certified, trained, none]
    assert [c.level for c in ranked] == ["sworn", "certified", "trained", "none"]


def test_at_the_same_level_the_nearer_interpreter_comes_first(now):
    booking = BookingFactory(postcode="3500", municipality=municipality("3500"))
    genk = InterpreterFactory(languages={"ara": "certified"}, municipality=municipality("3600"))
    hasselt = InterpreterFactory(languages={"ara": "certified"}, municipality=municipality("3500"))
    ranked = candidates_for(booking, now=now)
    assert [c.interpreter for c in ranked] == [hasselt, genk]
    assert ranked[0].distance_km == pytest.approx(0, abs=0.5)
    assert 10 < ranked[1].distance_km < 25
    assert "Afstand: 0 km" in ranked[0].reasons


def test_at_the_same_level_and_distance_the_one_with_fewer_recent_hours_comes_first(now):
    busy = InterpreterFactory(languages={"ara": "certified"})
    rested = InterpreterFactory(languages={"ara": "certified"})
    BookingFactory(status=Status.COMPLETED, interpreter=busy, starts_at=now - timedelta(days=3), duration_minutes=180)
    BookingFactory(
        status=Status.COMPLETED, interpreter=rested, starts_at=now - timedelta(days=40), duration_minutes=600
    )
    ranked = candidates_for(BookingFactory(), now=now)
    assert [c.interpreter for c in ranked] == [rested, busy]
    assert [c.hours_last_30_days for c in ranked] == [0.0, 3.0]
    assert "3,0 uur gewerkt in de laatste 30 dagen" in ranked[1].reasons


def test_a_full_tie_is_broken_by_interpreter_id(now):
    first = InterpreterFactory(languages={"ara": "certified"})
    second = InterpreterFactory(languages={"ara": "certified"})
    ranked = candidates_for(BookingFactory(), now=now)
    assert [c.interpreter.pk for c in ranked] == sorted([first.pk, second.pk])


def test_reasons_read_as_level_distance_and_hours(now):
    InterpreterFactory(languages={"ara": "sworn"})
    (candidate,) = candidates_for(BookingFactory(), now=now)
    assert candidate.reasons == ["Niveau: Beëdigd", "Afstand: 0 km", "0,0 uur gewerkt in de laatste 30 dagen"]


def test_a_remote_job_says_no_travel_is_needed(now):
    InterpreterFactory(languages={"ara": "sworn"})
    (candidate,) = candidates_for(BookingFactory(mode="video"), now=now)
    assert candidate.distance_km is None
    assert "Op afstand: geen verplaatsing" in candidate.reasons
