"""Every breakdown of the booking figures, compared with counts computed here from generated data."""

import random
import statistics
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bookings.models import Status
from interpreters.models import Sector
from reporting.selectors import Filters, booking_figures, year_period
from tests.factories import BookingFactory, TranslationFactory, language

BRUSSELS = ZoneInfo("Europe/Brussels")
LANGUAGES = ["ara", "prs", "tir", "rus"]
MODES = ["on_site", "phone", "video", "translation"]
STATUSES = [Status.COMPLETED] * 5 + [Status.CANCELLED, Status.UNFILLED, Status.CONFIRMED, Status.SUBMITTED]


def _create(spec, organisations, interpreter=None):
    common = {
        "organisation": organisations[spec["region"]],
        "language": language(spec["language"]),
        "starts_at": spec["starts_at"],
        "status": spec["status"],
        "sector": spec["sector"],
        "created_at": spec["starts_at"] - timedelta(hours=spec["lead_hours"]),
        "late_cancellation": spec["late"],
    }
    if spec["mode"] == "translation":
        return TranslationFactory(**common)
    return BookingFactory(**common, mode=spec["mode"], duration_minutes=spec["minutes"], interpreter=interpreter)


@pytest.fixture
def generated(organisations_by_region):
    """About 120 bookings around 2017, plus the edges of the year in Brussels time."""
    rng = random.Random(6)
    specs = []
    for _ in range(120):
        start = datetime(2016, 12, 1, tzinfo=UTC) + timedelta(minutes=15 * rng.randint(0, 4 * 24 * 425))
        status = rng.choice(STATUSES)
        specs.append(
            {
                "region": rng.choice(list(organisations_by_region)),
                "language": rng.choice(LANGUAGES),
                "mode": rng.choice(MODES),
                "starts_at": start,
                "status": status,
                "late": status == Status.CANCELLED and rng.random() < 0.5,
                "sector": rng.choice(Sector.values),
                "lead_hours": rng.randint(1, 500),
                "minutes": rng.choice([30, 60, 90]),
            }
        )
    edges = [
        datetime(2017, 12, 31, 22, 30, tzinfo=UTC),  # 31 Dec 23:30 in Brussels: 2017
        datetime(2017, 12, 31, 23, 30, tzinfo=UTC),  # 1 Jan 2018 00:30 in Brussels: 2018
        datetime(2016, 12, 31, 23, 30, tzinfo=UTC),  # 1 Jan 2017 00:30 in Brussels: 2017
        datetime(2017, 1, 1, 0, 30, tzinfo=UTC) - timedelta(hours=2),  # 31 Dec 2016 23:30 in Brussels: 2016
    ]
    for start in edges:
        specs.append(
            {
                "region": "limburg",
                "language": "ara",
                "mode": "phone",
                "starts_at": start,
                "status": Status.COMPLETED,
                "late": False,
                "sector": Sector.WELZIJN,
                "lead_hours": 48,
                "minutes": 60,
            }
        )
    for spec in specs:
        spec["status"] = Status.CANCELLED if spec["status"] == Status.CONFIRMED else spec["status"]
        _create(spec, organisations_by_region)
    return specs


def _in_2017(spec):
    return spec["starts_at"].astimezone(BRUSSELS).year == 2017


def _expected(specs):
    completed = [s for s in specs if _in_2017(s) and s["status"] == Status.COMPLETED]
    unfilled = [s for s in specs if _in_2017(s) and s["status"] == Status.UNFILLED]
    late = [s for s in specs if _in_2017(s) and s["late"]]
    return completed, unfilled, late


def test_assignments_are_counted_by_local_year_in_every_breakdown(generated):
    start, end = year_period(2017)
    figures = booking_figures(start=start, end=end)
    completed, unfilled, late = _expected(generated)

    assert figures.assignments == len(completed)
    assert figures.by_region == Counter(s["region"] for s in completed)
    assert figures.by_language == Counter(s["language"] for s in completed)
    assert figures.by_mode == Counter(s["mode"] for s in completed)
    assert figures.by_sector == Counter(s["sector"] for s in completed)
    months = Counter(f"{s['starts_at'].astimezone(BRUSSELS).month:02d}" for s in completed)
    assert figures.by_month == months
    assert figures.late_cancellations == len(late)
    assert figures.late_cancellations_by_region == Counter(s["region"] for s in late)
    assert figures.unfilled == len(unfilled)
    assert figures.unfilled_by_language == Counter(s["language"] for s in unfilled)
    assert figures.unfilled_by_region == Counter(s["region"] for s in unfilled)
    minutes = sum(s["minutes"] for s in completed if s["mode"] != "translation")
    assert figures.hours_interpreted == round(minutes / 60, 1)
    assert figures.median_lead_time_hours == round(statistics.median(s["lead_hours"] for s in completed), 1)
    assert figures.fill_rate == round(100 * len(completed) / (len(completed) + len(unfilled)), 1)


def test_the_edges_of_the_year_follow_brussels_time(generated):
    figures_2017 = booking_figures(start=date(2017, 12, 31), end=date(2018, 1, 1))
    figures_2018 = booking_figures(start=date(2018, 1, 1), end=date(2018, 1, 2))
    figures_first_day = booking_figures(start=date(2017, 1, 1), end=date(2017, 1, 2))

    expected_31_dec = [
        s
        for s in generated
        if s["status"] == Status.COMPLETED and s["starts_at"].astimezone(BRUSSELS).date() == date(2017, 12, 31)
    ]
    assert figures_2017.assignments == len(expected_31_dec) >= 1
    assert figures_2017.by_month == {"12": len(expected_31_dec)}
    assert figures_2018.by_month.get("01", 0) >= 1
    assert figures_first_day.by_month.get("01", 0) >= 1
    assert booking_figures(start=date(2016, 12, 31), end=date(2017, 1, 1)).by_month.get("12", 0) >= 1


def test_filters_narrow_the_figures(generated):
    start, end = year_period(2017)
    completed, _, _ = _expected(generated)

    by_region = booking_figures(start=start, end=end, filters=Filters(region="limburg"))
    by_language = booking_figures(start=start, end=end, filters=Filters(language="prs"))
    translations = booking_figures(start=start, end=end, filters=Filters(mode="translation"))
    phone = booking_figures(start=start, end=end, filters=Filters(mode="phone"))
    other_kind = booking_figures(start=start, end=end, filters=Filters(organisation_kind="school"))

    assert by_region.assignments == sum(1 for s in completed if s["region"] == "limburg")
    assert by_language.assignments == sum(1 for s in completed if s["language"] == "prs")
    assert translations.by_mode == {"translation": sum(1 for s in completed if s["mode"] == "translation")}
    assert phone.assignments == sum(1 for s in completed if s["mode"] == "phone")
    assert other_kind.is_empty


def test_a_period_without_bookings_gives_empty_figures(db):
    figures = booking_figures(start=date(1999, 1, 1), end=date(2000, 1, 1))

    assert figures.is_empty
    assert figures.assignments == 0
    assert figures.fill_rate is None
    assert figures.median_lead_time_hours is None


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("start", "end", "filters"),
    [
        (date(2017, 1, 1), date(2018, 1, 1), Filters()),
        # 14 months: the months of both years merged; starts mid-month, across the DST changes
        (date(2016, 12, 15), date(2018, 2, 1), Filters()),
        (date(2017, 3, 26), date(2017, 10, 30), Filters(region="limburg")),
        (date(2017, 1, 1), date(2018, 1, 1), Filters(language="prs")),
    ],
)
def test_the_portable_breakdowns_agree_with_the_single_postgresql_query(generated, start, end, filters):
    from reporting.breakdowns import breakdowns_portable, breakdowns_postgresql
    from reporting.selectors import bookings_in_period, period_bounds

    bookings = bookings_in_period(start, end, filters)
    single = breakdowns_postgresql(bookings, BRUSSELS, *period_bounds(start, end))
    portable = breakdowns_portable(bookings, BRUSSELS)

    assert single.by_status == portable.by_status
    assert (single.late, single.minutes) == (portable.late, portable.minutes)
    for group, dimensions in portable.groups.items():
        for dimension in dimensions:
            assert single.of(group, dimension) == portable.of(group, dimension), (group, dimension)
    assert portable.groups["completed"]["month"]
