"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py config.wsgi`."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# One thread: the sync worker. With threads (gthread) each worker accepts keep-alive connections beyond its
# threads and serves them in turn, so under 16 users some requests waited seconds behind others (bench/: list
# page p95 2.5 s with 5 x 2, 0.7 s with 5 x 1, same throughput). Put nginx in front for slow clients.
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = 30
# The app is imported once, in the master, and each worker is a fork of it: a worker restarted after
# max_requests is ready in milliseconds. Imported in each worker instead, a restart cost about 2 s of CPU
# (Django and every app), during which that worker served nobody: under load (bench/, the list pages) all
# five restarted within the measurement and p95 doubled. Nothing opens a connection at import time.
preload_app = True
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
