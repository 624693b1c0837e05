"""Loads each scale, runs the measurements, prints the table and writes bench/results.md."""

import importlib
import time

from bench import data
from bench.measure import Result
from bench.report import write_results

# name → (module, scales it runs at)
SCENARIOS = {
    "matching": ("bench.scenario_matching", {"1x", "10x"}),
    "report": ("bench.scenario_report", {"1x", "10x"}),
    "reminders": ("bench.scenario_reminders", {"10x"}),
    "load": ("bench.scenario_load", {"10x"}),
    "burst": ("bench.scenario_burst", {"10x"}),
    "import": ("bench.scenario_import", {"10x"}),
    "immediate": ("bench.scenario_immediate", {"1x"}),
}


def run(*, scales: list[str], only: list[str], load_only: bool) -> int:
    results: list[Result] = []
    for name in scales:
        scale = data.SCALES[name]
        loaded = data.load(scale)
        results.append(
            Result(
                name,
                "loading the data",
                f"seconds ({scale.bookings:,} bookings)",
                f"{loaded['seconds']:.1f}",
                target="≤ 120 s at 10×",
                verdict=("meets" if loaded["seconds"] <= 120 else "misses") if name == "10x" else "",
            )
        )
        print(f"{name}: loaded {scale.bookings:,} bookings in {loaded['seconds']:.1f} s", flush=True)
        if load_only:
            continue
        data.settle()
        for scenario, (module, at) in SCENARIOS.items():
            if (only and scenario not in only) or name not in at:
                continue
            started = time.perf_counter()
            results += importlib.import_module(module).run(name)
            print(f"{name}: {scenario} measured in {time.perf_counter() - started:.0f} s", flush=True)
    print(write_results(results, only=only))
    return 0
