"""The processes a scenario starts (gunicorn, nginx, Celery workers), their memory, and stopping them again.

Every process is started in its own session and stopped by its own id (SIGTERM, then SIGKILL), never by name.
Memory is the kernel's own high-water mark of the resident set (VmHWM in /proc/<pid>/status): the peak RSS
over the process's whole life, so nothing has to be sampled while the load runs.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REDIS_DB = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
LOGS = ROOT / "var" / "bench"
# The same in the benchmark process (bench/__main__.py) and what it starts: sessions made here log in there.
SECRET_KEY = "bench-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"


def environment() -> dict:
    """The settings every process of the benchmark runs with: production mode, the benchmark's database
    and Redis db, no HTTPS redirect (plain http on 127.0.0.1) and no API throttle (one token submits many)."""
    return {
        **os.environ,
        "DATABASE_URL": os.environ["DATABASE_URL"],  # set by bench/__main__.py to the benchmark's database
        "REDIS_URL": REDIS_DB,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "API_THROTTLE_USER": "1000000/hour",
        "EMAIL_URL": "dummy://",
        "PYTHONUNBUFFERED": "1",
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(args: list[str], log_name: str) -> subprocess.Popen:
    LOGS.mkdir(parents=True, exist_ok=True)
    log = open(LOGS / log_name, "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        args, cwd=ROOT, env=environment(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set size so far (VmHWM), in MiB; 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _wait_until_serving(base: str, process: subprocess.Popen, log_name: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=5).read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{log_name} tells why the server did not start: {LOGS / log_name}") from None
            time.sleep(0.3)


@contextmanager
def gunicorn(*, workers: int | None = None, threads: int | None = None):
    """gunicorn with the project's gunicorn.conf.py (workers and threads as in production unless given) on a
    free port of 127.0.0.1; yields (base URL, master process)."""
    port = _free_port()
    args = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "config.wsgi", "--access-logfile", "/dev/null"]
    args += ["--bind", f"127.0.0.1:{port}"]
    args += ["--workers", str(workers)] if workers else []
    args += ["--threads", str(threads)] if threads else []
    process = _start(args, "gunicorn.log")
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base, process, "gunicorn.log")
        yield base, process
    finally:
        stop(process)


NGINX_CONF = """
worker_processes 1;
pid nginx.pid;
error_log nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    upstream web {{ server {upstream}; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://web;
            proxy_set_header Host $http_host;
            proxy_buffers 16 16k;  # a list page (about 40 kB) whole in memory, without a temporary file
        }}
    }}
}}
"""


def nginx_available() -> bool:
    return shutil.which("nginx") is not None


@contextmanager
def nginx(upstream: str):
    """nginx in front of `upstream` (a base URL), as in production (README, deployment): it reads each request
    whole before handing it to a gunicorn sync worker, so a worker never waits on a user's idle connection.
    Yields the base URL to load."""
    port = _free_port()
    prefix = LOGS / "nginx"
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    conf = NGINX_CONF.format(upstream=upstream.removeprefix("http://"), port=port)
    (prefix / "nginx.conf").write_text(("user root;\n" if os.geteuid() == 0 else "") + conf)
    process = _start(["nginx", "-p", str(prefix), "-c", "nginx.conf", "-g", "daemon off;"], "nginx.log")
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base, process, "nginx.log")
        yield base
    finally:
        stop(process)


@contextmanager
def celery_workers(count: int = 2):
    """`count` Celery worker processes (`celery -A config worker`, solo pool: one process each)."""
    processes = []
    try:
        for index in range(count):
            args = [str(BIN / "celery"), "-A", "config", "worker", "--pool=solo", "--loglevel=info"]
            args += ["-n", f"bench{index}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]
            processes.append(_start(args, f"celery{index}.log"))
        deadline = time.monotonic() + 90
        for index, process in enumerate(processes):
            while "ready." not in (LOGS / f"celery{index}.log").read_text(errors="replace"):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Celery worker did not start; see {LOGS / f'celery{index}.log'}")
                time.sleep(0.3)
        yield processes
    finally:
        for process in processes:
            stop(process)


def redis_flush() -> None:
    """Empty the benchmark's own Redis database (only that one)."""
    import redis

    redis.Redis.from_url(REDIS_DB).flushdb()
