"""The results table: printed, and written to bench/results.md with the machine's description."""

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection

from bench.measure import Result

RESULTS = Path(__file__).resolve().parent / "results.md"


def _machine() -> str:
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or "unknown"
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    redis = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout.split(" ")[2:3]
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, PostgreSQL {postgres}, Redis {''.join(redis).replace('v=', '')}"
    )


def table(results: list[Result]) -> str:
    head = "| scale | measurement | figure | ours | database's best | ratio | target | verdict |\n"
    head += "|---|---|---|---|---|---|---|---|\n"
    return head + "\n".join(
        f"| {r.scale} | {r.name} | {r.figure} | {r.value} | {r.baseline} | {r.ratio} | {r.target} | {r.verdict} |"
        for r in results
    )


def write_results(results: list[Result], only: list[str] | None = None) -> str:
    """The whole file after a full run; after `--only`, just that part's own section, the rest kept."""
    if only:
        return _write_section(results, "-".join(sorted(only)))
    text = (
        "# Benchmark results\n\n"
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {_machine()}.\n"
        'Produced by `make bench`; see the README section "Benchmarks" for what each figure means.\n\n'
        + table(results)
        + "\n"
    )
    RESULTS.write_text(text, encoding="utf-8")
    return text


def _write_section(results: list[Result], name: str) -> str:
    start, end = f"<!-- bench --only {name} -->", f"<!-- end bench --only {name} -->"
    section = (
        f"{start}\n## `python -m bench --only {name}`\n\n"
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {_machine()}.\n\n" + table(results) + f"\n{end}\n"
    )
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")
    return section
