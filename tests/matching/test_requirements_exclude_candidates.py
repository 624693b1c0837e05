"""Each requirement is a hard rule: whoever fails it is no candidate, and the planning desk says which one."""

from datetime import timedelta

import pytest

from bookings.models import ExcludedInterpreter
from interpreters.models import LanguageSkill
from matching.candidates import candidates_for, exclusions_for
from tests.factories import BookingFactory, OrganisationFactory
from tests.matching.conftest import interpreter, skill

pytestmark = pytest.mark.django_db


def names(candidates):
    return [c.interpreter.user.username for c in candidates]


def reason_for(booking, person, now):
    return {e.interpreter.pk: e.reason for e in exclusions_for(booking, now=now)}.get(person.pk)


def test_a_required_gender_excludes_the_others(now):
    woman, man = interpreter("woman", gender="f"), interpreter("man", gender="m")
    booking = BookingFactory(gender_preference="f", gender_required=True)
    assert names(candidates_for(booking, now=now)) == ["woman"]
    assert reason_for(booking, man, now) == "Voldoet niet aan de gevraagde gender"
    assert woman


def test_a_required_named_interpreter_is_the_only_candidate(now):
    named, other = interpreter("named", "trained"), interpreter("other", "sworn")
    booking = BookingFactory(preferred_interpreter=named, preferred_required=True)
    assert names(candidates_for(booking, now=now)) == ["named"]
    assert reason_for(booking, other, now) == "Niet de gevraagde tolk"


def test_an_interpreter_excluded_by_the_organisation_is_never_a_candidate_for_its_jobs(now):
    excluded = interpreter("excluded", "sworn")
    interpreter("kept")
    organisation = OrganisationFactory()
    ExcludedInterpreter.objects.create(organisation=organisation, interpreter=excluded, reason="belangenconflict")
    booking = BookingFactory(organisation=organisation)
    assert names(candidates_for(booking, now=now)) == ["kept"]
    assert reason_for(booking, excluded, now) == "Uitgesloten door de organisatie"
    other_organisations_job = BookingFactory(organisation=OrganisationFactory())
    assert names(candidates_for(other_organisations_job, now=now)) == ["excluded", "kept"]


def test_the_interpreter_excluded_on_the_booking_itself_is_no_candidate(now):
    excluded = interpreter("excluded", "sworn")
    interpreter("kept")
    booking = BookingFactory(excluded_interpreter=excluded)
    assert names(candidates_for(booking, now=now)) == ["kept"]
    assert excluded


def test_a_required_variety_needs_the_varietys_own_skill(now):
    moroccan, levantine = interpreter("moroccan"), interpreter("levantine", "sworn")
    skill(moroccan, "ary")
    skill(levantine, "apc")
    booking = BookingFactory(variety_id="ary", variety_text="Marokkaans", variety_required=True)
    assert names(candidates_for(booking, now=now)) == ["moroccan"]
    assert reason_for(booking, levantine, now) == "Spreekt de gevraagde variant niet (geldig op de datum)"


def test_a_required_variety_skill_must_be_valid_on_the_day_of_the_job(now):
    lapsed = interpreter("lapsed")
    booking = BookingFactory(variety_id="ary", variety_required=True)
    skill(lapsed, "ary", valid_until=(booking.starts_at - timedelta(days=2)).date())
    assert candidates_for(booking, now=now) == []


@pytest.mark.parametrize(
    ("minimum", "expected"),
    [("sworn", ["sworn"]), ("certified", ["sworn", "certified"]), ("trained", ["sworn", "certified", "trained"])],
)
def test_a_required_minimum_level_excludes_lower_levels(minimum, expected, now):
    for level in ("sworn", "certified", "trained", "none"):
        interpreter(level, level)
    booking = BookingFactory(min_level=minimum, min_level_required=True)
    assert names(candidates_for(booking, now=now)) == expected
    assert {e.interpreter.user.username: e.reason for e in exclusions_for(booking, now=now)}["none"] == (
        "Niveau lager dan vereist (op de datum)"
    )


def test_the_level_counts_only_while_the_certification_is_valid_on_the_day_of_the_job(now):
    booking = BookingFactory(starts_at=now + timedelta(days=20), min_level="certified", min_level_required=True)
    job_day = booking.starts_at.date()
    lapses, renewed = interpreter("lapses"), interpreter("renewed")
    LanguageSkill.objects.filter(interpreter=lapses).update(valid_until=job_day - timedelta(days=1))
    LanguageSkill.objects.filter(interpreter=renewed).update(valid_from=job_day - timedelta(days=1))
    assert names(candidates_for(booking, now=now)) == ["renewed"]


def test_wishes_alone_exclude_nobody(now):
    interpreter("woman", gender="f")
    interpreter("man", gender="m")
    booking = BookingFactory(gender_preference="f", variety_id="ary", min_level="sworn")
    assert sorted(names(candidates_for(booking, now=now))) == ["man", "woman"]
