"""A beat task runs at most once per period of its schedule, however many beats send it (bookings/periodic.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import PeriodicRun
from bookings.periodic import MIN_GAP, beat_period, periodic_claim
from matching.tasks import sweep_offer_rounds
from tests.workers import run_together

pytestmark = pytest.mark.django_db
TASK = "bookings.send_reminders"


def test_a_second_tick_within_the_period_is_refused_a_tick_a_period_later_runs(now):
    period = beat_period(TASK)
    assert periodic_claim(TASK, now=now)
    assert not periodic_claim(TASK, now=now + period * 0.5)  # the other beat's tick, half a period later
    assert periodic_claim(TASK, now=now + period * MIN_GAP)
    assert PeriodicRun.objects.get(name=TASK).runs == 2


def test_the_task_itself_skips_when_it_ran_just_now(settings):
    assert sweep_offer_rounds() is None
    sweep_offer_rounds()
    assert PeriodicRun.objects.get(name="bookings.sweep_offer_rounds").runs == 1


def test_a_task_not_in_the_schedule_is_a_mistake():
    with pytest.raises(LookupError):
        periodic_claim("bookings.not_scheduled")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_beats_ticking_at_the_same_moment_run_it_once():
    moment = timezone.now() - timedelta(days=1)
    PeriodicRun.objects.create(name=TASK, last_started_at=moment, runs=0)
    results = run_together([lambda: periodic_claim(TASK)] * 4)
    assert sorted(results) == [False, False, False, True]
    assert PeriodicRun.objects.get(name=TASK).runs == 1
