"""Timing: median and p95 of repeated runs, and a row of the results table."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Timing:
    samples: list[float]  # seconds

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def timed(function: Callable[[], object], *, repeat: int, warmup: int = 2) -> Timing:
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return Timing(samples)


def timed_side_by_side(
    pairs: list[tuple[Callable[[], object], Callable[[], object]]], *, rounds: int
) -> tuple[Timing, Timing]:
    """Two ways of answering the same questions (e.g. ours and the SQL, one pair per booking), timed question by
    question after one untimed pass of every pair, so neither pays for a cold cache the other then finds warm;
    which way goes first alternates per round. `rounds` samples per pair and way; (first way, second way)."""
    for first, second in pairs:
        first()
        second()
    samples: tuple[list[float], list[float]] = ([], [])
    for round_number in range(rounds):
        order = (0, 1) if round_number % 2 == 0 else (1, 0)
        for pair in pairs:
            for way in order:
                started = time.perf_counter()
                pair[way]()
                samples[way].append(time.perf_counter() - started)
    return Timing(samples[0]), Timing(samples[1])


@dataclass
class Result:
    scale: str
    name: str
    figure: str  # what was measured, with units
    value: str
    baseline: str = ""  # the database's own best for the same question
    ratio: str = ""
    target: str = ""
    verdict: str = ""


def ratio(ours: float, best: float) -> str:
    return f"{ours / best:.1f}×" if best > 0 else "—"


def verdict(value: float, limit: float) -> str:
    return "meets" if value <= limit else "misses"
