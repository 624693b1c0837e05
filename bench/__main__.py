"""`python -m bench [--scales 1x,10x] [--only NAME,...]`: load data, measure, print and save the table.

Runs against its own PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/tolk_bench), created and migrated when missing, and its own Redis
database (BENCH_REDIS_URL, default redis://127.0.0.1:6379/12, emptied by the burst).
"""

import argparse
import os
import sys


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scales", default="1x,10x")
    parser.add_argument("--only", default="", help="comma-separated measurement names")
    parser.add_argument("--load-only", action="store_true")
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tolk_bench")
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
    os.environ["DJANGO_SECRET_KEY"] = "bench-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"  # as processes.py
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from bench.database import ensure_database

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from bench.runner import run

    return run(scales=args.scales.split(","), only=[n for n in args.only.split(",") if n], load_only=args.load_only)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
