"""Translations go to translators with the language pair and room before the deadline."""

from datetime import timedelta

import pytest

from bookings.models import Status
from interpreters.models import LanguageSkill
from matching.candidates import candidates_for, working_days
from tests.factories import InterpreterFactory, TranslationFactory, language

pytestmark = pytest.mark.django_db


def ids(booking, now):
    return [c.interpreter.pk for c in candidates_for(booking, now=now)]


def test_a_translator_of_the_source_language_into_dutch_is_a_candidate(now):
    translator = InterpreterFactory(languages={"ara": "sworn"})
    assert ids(TranslationFactory(deadline=now + timedelta(days=7)), now) == [translator.pk]


def test_a_skill_only_for_interpreting_does_not_make_a_translator(now):
    interpreter = InterpreterFactory()
    LanguageSkill.objects.create(interpreter=interpreter, language_id="ara", level="sworn", for_translation=False)
    assert ids(TranslationFactory(deadline=now + timedelta(days=7)), now) == []


def test_a_target_other_than_dutch_needs_that_language_too(now):
    both = InterpreterFactory(languages={"ara": "certified", "fra": "certified"})
    InterpreterFactory(languages={"ara": "sworn"})
    booking = TranslationFactory(target_language=language("fra"), deadline=now + timedelta(days=7))
    assert ids(booking, now) == [both.pk]


def test_a_translator_whose_open_work_leaves_no_room_before_the_deadline_is_excluded(now):
    deadline = now + timedelta(days=7)
    busy = InterpreterFactory(languages={"ara": "sworn"}, words_per_day=1000)
    free = InterpreterFactory(languages={"ara": "trained"}, words_per_day=1000)
    days = working_days(now.date(), deadline.date())
    TranslationFactory(
        status=Status.CONFIRMED, interpreter=busy, deadline=now + timedelta(days=3), word_count=days * 1000 - 500
    )
    booking = TranslationFactory(deadline=deadline, word_count=800)
    assert ids(booking, now) == [free.pk]


def test_work_due_after_this_deadline_does_not_count(now):
    translator = InterpreterFactory(languages={"ara": "sworn"}, words_per_day=1000)
    TranslationFactory(
        status=Status.CONFIRMED, interpreter=translator, deadline=now + timedelta(days=30), word_count=50_000
    )
    assert ids(TranslationFactory(deadline=now + timedelta(days=7), word_count=800), now) == [translator.pk]


def test_working_days_skip_the_weekend():
    from datetime import date

    assert working_days(date(2026, 11, 27), date(2026, 11, 30)) == 2  # Friday to Monday
    assert working_days(date(2026, 11, 28), date(2026, 11, 29)) == 0


def test_days_the_translator_is_away_do_not_count_as_capacity(now):
    from interpreters.models import Absence

    deadline = now + timedelta(days=14)
    away = InterpreterFactory(languages={"ara": "sworn"}, words_per_day=1000)
    Absence.objects.create(interpreter=away, starts_on=now.date(), ends_on=(deadline - timedelta(days=1)).date())
    present = InterpreterFactory(languages={"ara": "sworn"}, words_per_day=1000)
    booking = TranslationFactory(deadline=deadline, word_count=3000)
    assert ids(booking, now) == [present.pk]


def test_a_certified_translation_needs_a_sworn_translator(now):
    InterpreterFactory(languages={"ara": "certified"})
    sworn = InterpreterFactory(languages={"ara": "sworn"})
    assert ids(TranslationFactory(certified=True, deadline=now + timedelta(days=7)), now) == [sworn.pk]
