"""Wishes only rank: a candidate who meets more of them comes first, with the wish named as a reason."""

import pytest

from matching.candidates import candidates_for
from tests.factories import BookingFactory
from tests.matching.conftest import interpreter, skill

pytestmark = pytest.mark.django_db


def names(booking, now):
    return [c.interpreter.user.username for c in candidates_for(booking, now=now)]


def test_a_gender_wish_puts_the_matching_gender_first(now):
    interpreter("man", "sworn", gender="m")
    interpreter("woman", "trained", gender="f")
    assert names(BookingFactory(), now) == ["man", "woman"]
    wished = BookingFactory(gender_preference="f")
    assert names(wished, now) == ["woman", "man"]
    first = candidates_for(wished, now=now)[0]
    assert "Wens vervuld: Gender: vrouw" in first.reasons


def test_a_variety_wish_puts_the_holder_of_the_variety_first(now):
    interpreter("general", "sworn")
    moroccan = interpreter("moroccan", "trained")
    skill(moroccan, "ary", "trained")
    assert names(BookingFactory(), now) == ["general", "moroccan"]
    wished = BookingFactory(variety_id="ary", variety_text="Marokkaans Arabisch")
    assert names(wished, now) == ["moroccan", "general"]
    assert "Wens vervuld: Variant: Marokkaans Arabisch (ary)" in candidates_for(wished, now=now)[0].reasons


def test_a_minimum_level_wish_outweighs_a_gender_wish_it_ties_with(now):
    interpreter("woman", "trained", gender="f")
    interpreter("man", "certified", gender="m")
    assert names(BookingFactory(gender_preference="f"), now) == ["woman", "man"]
    # both now meet one wish each: the level decides again
    assert names(BookingFactory(gender_preference="f", min_level="certified"), now) == ["man", "woman"]


def test_a_named_interpreter_wish_still_comes_before_other_wishes(now):
    named = interpreter("named", "trained", gender="m")
    interpreter("woman", "sworn", gender="f")
    assert names(BookingFactory(preferred_interpreter=named, gender_preference="f"), now) == ["named", "woman"]


def test_each_candidate_lists_the_requirements_and_wishes_it_meets(now):
    woman = interpreter("woman", "certified", gender="f")
    skill(woman, "ary")
    interpreter("man", "certified", gender="m")
    booking = BookingFactory(gender_preference="f", gender_required=False, variety_id="ary", variety_required=True)
    [candidate] = candidates_for(booking, now=now)
    checks = {(c.label, c.met, c.required) for c in candidate.checks}
    assert checks == {("Gender: vrouw", True, False), ("Variant: Marokkaans Arabisch (ary)", True, True)}
