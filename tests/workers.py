"""Tasks sent to a real broker and Celery workers as subprocesses, for the tests that need them.

The fixtures `broker_at`, `suite_broker` and `workers` are registered for every test in tests/conftest.py.
`suite_broker` is the broker that goes with the suite's database, as in production: Redis beside PostgreSQL,
kombu's filesystem queue beside SQLite (the embedded default of `make run`).
"""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from config.celery_app import app as celery_app

ROOT = Path(__file__).resolve().parents[1]
WAIT_SECONDS = 60
# The filesystem transport's folders, shared by this process and the workers it starts (as TOLK_VAR_DIR).
QUEUE_VAR_DIR = ROOT / "var" / "test-broker"


def wait_for(check, what: str, seconds: float = WAIT_SECONDS):
    """Poll `check` until it returns something truthy; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"gave up after {seconds} s waiting for {what}")


def run_together(actions, timeout: float = 30):
    """Start every action at the same moment, each in its own thread with its own database connection."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=10)
            results[index] = action()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results


class Broker:
    """Point this process's Celery app at `url` (not eager), on a queue of this test's own."""

    def __init__(self, settings, url: str):
        self.url = url
        self.queue = f"test-{uuid.uuid4().hex[:8]}"
        saved = ("task_always_eager", "broker_url", "task_default_queue", "broker_transport_options")
        self._saved = {key: celery_app.conf[key] for key in saved}
        settings.CELERY_TASK_ALWAYS_EAGER = False
        celery_app.conf.update(task_always_eager=False, broker_url=url, task_default_queue=self.queue)
        if url.startswith("filesystem"):
            celery_app.conf.broker_transport_options = filesystem_queue_options(QUEUE_VAR_DIR)
        self._reset_pools()

    @staticmethod
    def _reset_pools():
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        try:
            del celery_app.__dict__["producer_pool"]
        except KeyError:
            pass

    def restore(self):
        celery_app.conf.update(self._saved)
        self._reset_pools()
        if self.url.startswith("redis"):
            import redis

            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=1).delete(
                    self.queue, f"_kombu.binding.{self.queue}", f"_kombu.binding_permanent.{self.queue}"
                )
            except redis.RedisError:
                pass  # a test that stopped its broker


def filesystem_queue_options(var_dir: Path) -> dict:
    """The folders config/settings.py gives the filesystem transport for TOLK_VAR_DIR=var_dir."""
    queue = var_dir / "celery-queue"
    folders = {"data_folder_in": queue, "data_folder_out": queue, "processed_folder": var_dir / "celery-processed"}
    folders["control_folder"] = var_dir / "celery-control"
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    return {name: str(folder) for name, folder in folders.items()} | {"store_processed": False}


@pytest.fixture
def broker_at(settings):
    """broker_at(url) → Broker; restored after the test."""
    made = []

    def make(url: str) -> Broker:
        made.append(Broker(settings, url))
        return made[-1]

    yield make
    for broker in reversed(made):
        broker.restore()


@pytest.fixture
def suite_broker(broker_at, settings):
    """The broker that goes with the suite's database: Redis beside PostgreSQL, the filesystem beside SQLite."""
    url = settings.TEST_BROKER_URL
    if url.startswith("redis"):
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        except redis.RedisError:
            if os.environ.get("REQUIRE_SERVICES") == "1":
                pytest.fail(f"needs Redis at {url} (REQUIRE_SERVICES=1)")
            pytest.skip(f"needs Redis at {url}")
    return broker_at(url)


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


class Workers:
    """Start Celery workers as subprocesses; every one is killed at the end of the test, whatever happens."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.processes = []

    def start(self, *, broker_url: str, queue: str, visibility_timeout: int = 3600, extra_env=None):
        log_path = self.tmp_path / f"worker-{len(self.processes)}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": broker_url,
            "TOLK_VAR_DIR": str(QUEUE_VAR_DIR),
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout),
            "EMAIL_URL": "console://",
            **(extra_env or {}),
        }
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"]
        command += ["-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat"]
        command += ["-n", f"test-{uuid.uuid4().hex[:6]}@%h"]
        log = open(log_path, "w")  # noqa: SIM115 - closed in stop_all
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        process.log_file, process.log_path = log, log_path
        self.processes.append(process)
        return process

    @staticmethod
    def kill(process) -> None:
        """SIGKILL: no clean shutdown, no chance to acknowledge or requeue anything."""
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.kill(process)
            process.log_file.close()
            print(f"--- {process.log_path.name}\n{process.log_path.read_text()[-3000:]}")


@pytest.fixture
def workers(tmp_path):
    pool = Workers(tmp_path)
    try:
        yield pool
    finally:
        pool.stop_all()
