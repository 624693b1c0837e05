"""The portal as in production, as separate processes of the test's own: a private PostgreSQL cluster and
redis-server on free ports (never the machine's own), a small SMTP server in this process, gunicorn, two Celery
workers and beat. Each can be stopped and started again on the same port, which is what the faults do."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import requests

from tests.notifications.smtp_server import SMTPServer
from tests.servers import free_port, wait_for_redis
from tests.workers import ROOT, wait_for

PASSWORD = "faults-are-fine-42"
METRICS_TOKEN = "fault-suite-metrics"
SWEEP_SECONDS = 3  # beat's minute sweeps every 3 s, so that recovery shows within the suite's minutes


def postgres_program(name: str) -> str | None:
    for folder in ("/usr/local/bin", *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)):
        if (Path(folder) / name).exists():
            return str(Path(folder) / name)
    return shutil.which(name)


def _as_postgres(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: as root, run them as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivatePostgres:
    """A throwaway cluster in a temporary folder (fsync off), restartable while clients are connected."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="tolk-faults-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/tolk"

    def _pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
        command = [postgres_program("pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options]
        subprocess.run(_as_postgres([*command, "-w", "-t", "60", *args]), check=True, capture_output=True)

    def start(self) -> None:
        if not self.data.exists():
            initdb = [postgres_program("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"]
            subprocess.run(_as_postgres(initdb), check=True, capture_output=True)
            self._pg_ctl("start")
            with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as db:
                db.execute("CREATE DATABASE tolk")
            return
        self._pg_ctl("start")

    def restart(self) -> float:
        """pg_ctl restart -m fast: every connection is cut, new ones are refused until it is up. Seconds it took."""
        started = time.monotonic()
        self._pg_ctl("restart", "-m", "fast")
        return time.monotonic() - started

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def query(self, sql: str, *params):
        with psycopg.connect(self.url.replace("postgres://", "postgresql://"), connect_timeout=5) as db:
            return db.execute(sql, params).fetchall()


class PrivateRedis:
    """redis-server with an append-only file, as in production: a restart keeps the queued tasks."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="tolk-faults-redis-"))
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
        command += ["--appendonly", "yes", "--save", ""]
        log = open(self.folder / "redis.log", "a")  # noqa: SIM115 - lives as long as the process
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        wait_for_redis(self.url)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


class RestartableSMTP:
    """The SMTP server, stopped (the port refuses connections) and started again on the same port; what it
    accepted is kept across restarts."""

    def __init__(self):
        self.port = free_port()
        self.received = []
        self.server = None

    def start(self) -> None:
        self.server = SMTPServer(self.port, self.received).__enter__()

    def stop(self) -> None:
        self.server.__exit__(None, None, None)
        self.server = None

    def keys(self) -> list[str]:
        return [message["X-Tolkportaal-Message"] for message in list(self.received)]


class Portal:
    """gunicorn, two workers and beat on the private services; logs in a temporary folder."""

    def __init__(self, postgres: PrivatePostgres, broker: PrivateRedis, smtp: RestartableSMTP):
        self.folder = Path(tempfile.mkdtemp(prefix="tolk-faults-"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.processes: dict[str, subprocess.Popen] = {}
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "TOLK_"))}
        self.env = keep | {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            # production mode: a database outage answers 503 (config/views.py), not a debug page
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "fault-suite-secret-key-not-for-production",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_HSTS_SECONDS": "0",
            "DATABASE_URL": postgres.url,
            "REDIS_URL": broker.url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
            "TOLK_VAR_DIR": str(self.folder / "var"),
            "TOLK_STAFF_2FA": "0",
            "TOLK_METRICS_TOKEN": METRICS_TOKEN,
            "TOLK_SWEEP_SECONDS": str(SWEEP_SECONDS),
            "TOLK_MAIL_RETRY_SECONDS": "1",
            "TOLK_MATCH_STALLED_SECONDS": "5",
            "API_THROTTLE_USER": "100000/hour",
            "API_THROTTLE_ANON": "100000/hour",
            "CELERY_TASK_ALWAYS_EAGER": "0",
        }

    def manage(self, *args: str, timeout: float = 300) -> str:
        command = [sys.executable, "manage.py", *args]
        done = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
        return done.stdout

    def _start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "a")  # noqa: SIM115 - closed when the process is stopped
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        process.log_file = log
        self.processes[name] = process
        return process

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def start(self) -> None:
        bind = f"127.0.0.1:{self.port}"
        self._start("gunicorn", [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", bind, "-w", "2", "-t", "30"])
        celery = [sys.executable, "-m", "celery", "-A", "config"]
        for number in (1, 2):
            self._start(
                f"worker{number}",
                [*celery, "worker", "--pool=solo", "--loglevel=INFO", "-n", f"fault{number}@%h", "--without-gossip"],
            )
        self.start_beat("beat1")
        wait_for(self.answers, "gunicorn", seconds=60)

    def start_beat(self, name: str) -> subprocess.Popen:
        schedule = str(self.folder / f"{name}-schedule")
        return self._start(name, [sys.executable, "-m", "celery", "-A", "config", "beat", "-s", schedule, "-l", "INFO"])

    def stop_process(self, name: str) -> None:
        process = self.processes.pop(name)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        process.log_file.close()

    def answers(self) -> bool:
        try:
            return requests.get(f"{self.base}/health/", timeout=10).status_code == 200
        except requests.RequestException:  # refused while it starts, or slow on its first request
            assert self.processes["gunicorn"].poll() is None, self.log("gunicorn")[-3000:]
            return False

    def alive(self) -> list[str]:
        return [name for name, process in self.processes.items() if process.poll() is None]

    def stop(self) -> None:
        for name in list(self.processes):
            self.stop_process(name)
        for name in ("gunicorn", "worker1", "worker2", "beat1"):
            if (self.folder / f"{name}.log").exists():
                print(f"--- {name}.log\n{self.log(name)[-2500:]}")
        shutil.rmtree(self.folder, ignore_errors=True)
