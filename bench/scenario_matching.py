"""Matching one booking (candidates + ranking) beside the same question in one hand-written SQL query."""

import random
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from bench.measure import Result, ratio, timed_side_by_side, verdict
from bookings.models import Booking, Kind, Status
from interpreters.models import Mode, Sector
from matching.candidates import candidates_for
from organisations.models import Organisation

ROUNDS = 4  # samples per booking and way: p95 from 240 samples
SQL = """
WITH place AS (SELECT latitude, longitude FROM organisations_municipality WHERE id = %(municipality)s)
SELECT i.id, s.level, d.km, COALESCE(h.minutes, 0) AS minutes
FROM interpreters_interpreter i
JOIN interpreters_languageskill s
  ON s.interpreter_id = i.id AND s.language_id = %(language)s AND s.for_interpreting
 AND (s.valid_from IS NULL OR s.valid_from <= %(day)s) AND (s.valid_until IS NULL OR s.valid_until >= %(day)s)
JOIN organisations_municipality m ON m.id = i.municipality_id
CROSS JOIN place p
CROSS JOIN LATERAL (SELECT 2 * 6371.0088 * asin(sqrt(
    power(sin(radians(p.latitude - m.latitude) / 2), 2)
    + cos(radians(m.latitude)) * cos(radians(p.latitude)) * power(sin(radians(p.longitude - m.longitude) / 2), 2)
)) AS km) d
LEFT JOIN LATERAL (
    SELECT sum(b.duration_minutes) AS minutes FROM bookings_booking b
    WHERE b.interpreter_id = i.id AND b.status IN ('confirmed', 'completed')
      AND b.starts_at >= %(now)s - interval '30 days' AND b.starts_at < %(now)s
) h ON true
WHERE i.is_active AND i.offers_on_site AND d.km <= i.max_travel_km
  AND (i.sectors = '[]'::jsonb OR i.sectors @> to_jsonb(ARRAY[%(sector)s]::text[]))
  AND NOT EXISTS (SELECT 1 FROM interpreters_absence a
                  WHERE a.interpreter_id = i.id AND a.starts_on <= %(day)s AND a.ends_on >= %(day)s)
  AND NOT EXISTS (SELECT 1 FROM bookings_offer o WHERE o.booking_id = %(booking)s AND o.interpreter_id = i.id)
  AND (NOT EXISTS (SELECT 1 FROM interpreters_weeklyavailability w WHERE w.interpreter_id = i.id)
       OR EXISTS (SELECT 1 FROM interpreters_weeklyavailability w WHERE w.interpreter_id = i.id
                  AND w.weekday = %(weekday)s AND w.start_time <= %(t0)s AND w.end_time >= %(t1)s))
  AND NOT EXISTS (
    SELECT 1 FROM bookings_booking b
    WHERE b.interpreter_id = i.id AND b.kind = 'interpreting' AND b.status IN ('confirmed', 'completed')
      AND b.id <> %(booking)s
      AND b.starts_at < %(ends_at)s + make_interval(mins => (15 + d.km / 50 * 60)::int)
      AND b.ends_at > %(starts_at)s - make_interval(mins => (15 + d.km / 50 * 60)::int))
ORDER BY (i.id = %(preferred)s) DESC,
         array_position(ARRAY['sworn', 'certified', 'trained', 'none']::varchar[], s.level), d.km, minutes, i.id
"""


def _bookings(count: int, rng: random.Random) -> list[Booking]:
    """Submitted on-site requests on working days in the busy middle of the benchmark year."""
    organisations = list(Organisation.objects.order_by("?")[:count])
    languages = ["ara", "prs", "tur", "rus", "ukr", "fra", "eng", "pus", "tir", "som"]
    last = Booking.objects.filter(status=Status.COMPLETED).order_by("-starts_at").values_list("starts_at", flat=True)
    anchor = last.first() - timedelta(days=150)
    made = []
    for index, organisation in enumerate(organisations):
        starts_at = anchor + timedelta(days=index % 60, hours=rng.randint(0, 8))
        made.append(
            Booking(
                reference=f"BENCH-MATCH-{index}",
                kind=Kind.INTERPRETING,
                status=Status.SUBMITTED,
                organisation=organisation,
                mode=Mode.ON_SITE,
                language_id=languages[index % len(languages)],
                starts_at=starts_at,
                duration_minutes=60,
                ends_at=starts_at + timedelta(minutes=60),
                postcode=organisation.municipality.postcode,
                municipality=organisation.municipality,
                address="Benchstraat 1",
                sector=Sector.WELZIJN,
            )
        )
    Booking.objects.filter(reference__startswith="BENCH-MATCH-").delete()
    return Booking.objects.bulk_create(made)


def _sql(booking: Booking, now) -> list:
    local_start, local_end = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
    params = {
        "municipality": booking.municipality_id,
        "language": booking.language_id,
        "day": local_start.date(),
        "now": now,
        "sector": booking.sector,
        "booking": booking.pk,
        "weekday": local_start.weekday(),
        "t0": local_start.time(),
        "t1": local_end.time(),
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
        "preferred": booking.preferred_interpreter_id or 0,
    }
    with connection.cursor() as cursor:
        cursor.execute(SQL, params)
        return cursor.fetchall()


def run(scale: str, *, count: int = 60) -> list[Result]:
    rng = random.Random(7)
    bookings = _bookings(count, rng)
    now = bookings[0].starts_at - timedelta(days=3)
    sizes = [len(candidates_for(b, now=now)) for b in bookings[:5]]
    pairs = [(lambda b=b: candidates_for(b, now=now), lambda b=b: _sql(b, now)) for b in bookings]
    ours, best = timed_side_by_side(pairs, rounds=ROUNDS)
    Booking.objects.filter(reference__startswith="BENCH-MATCH-").delete()
    note = f"{count} bookings {ROUNDS} times each, e.g. {sizes} candidates"
    return [
        Result(
            scale,
            "matching one booking",
            f"median ms ({note})",
            f"{ours.median_ms:.1f}",
            f"{best.median_ms:.1f}",
            ratio(ours.median_ms, best.median_ms),
            "—",
        ),
        Result(
            scale,
            "matching one booking",
            "p95 ms",
            f"{ours.p95_ms:.1f}",
            f"{best.p95_ms:.1f}",
            ratio(ours.p95_ms, best.p95_ms),
            "≤ 20 ms, ≤ 3× SQL",
            verdict(ours.p95_ms, 20) if ours.p95_ms <= 3 * best.p95_ms else "misses (ratio)",
        ),
    ]
