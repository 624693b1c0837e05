"""`python -m bench.profile_pages [--requests N]`: where a list page's time goes, in-process, with pyinstrument.

Run after `python -m bench --scales 10x --load-only` (same database). Each page is asked N times as the
busiest bench organisation's requester through Django's test client (the whole middleware stack, the session in
the database, the templates), after a few warm-up requests; the profile is printed as text, the time of each
request as a median. The findings are in bench/README.md ("The list pages").
"""

import argparse
import os
import statistics
import sys
import time


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_pages", description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pages", default="/bookings/,/,/api/v1/bookings/")
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tolk_bench")
    from bench.processes import environment

    os.environ.update(environment())  # production mode, as the gunicorn of the load scenario
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client
    from pyinstrument import Profiler

    from bench.scenario_load import _requester

    _organisation, user = _requester()
    client = Client(SERVER_NAME="localhost", HTTP_HOST="localhost")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for page in args.pages.split(","):
        for _ in range(10):
            assert client.get(page).status_code == 200, page
        profiler = Profiler(interval=0.0005)
        took = []
        with profiler:
            for _ in range(args.requests):
                started = time.perf_counter()
                client.get(page)
                took.append((time.perf_counter() - started) * 1000)
        print(f"== {page}: median {statistics.median(took):.1f} ms per request over {args.requests}")
        print(profiler.output_text(unicode=False, color=False, show_all=False, short_mode=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
