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


def timed_each(functions: list[Callable[[], object]], *, warmup: int = 2) -> Timing:
    """One sample per function (e.g. one per booking), after warming up on the first ones."""
    for function in functions[:warmup]:
        function()
    samples = []
    for function in functions:
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return Timing(samples)


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
