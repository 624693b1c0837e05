"""Tasks queued while no worker runs survive a Redis crash and restart (append-only file), then run.

The test starts a private redis-server (port 6391, appendonly yes, in a temporary folder), queues matching
for three bookings with no worker running, kills Redis with SIGKILL, starts it again on the same folder
and only then starts a worker: every booking gets its offer round, once.
"""

import shutil
import subprocess

import pytest
import redis

from bookings.models import Offer, Status
from matching.tasks import match_booking
from tests.factories import BookingFactory, InterpreterFactory
from tests.workers import wait_for

PORT = 6391
URL = f"redis://127.0.0.1:{PORT}/0"
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs the redis-server program"),
]


class PrivateRedis:
    def __init__(self, folder):
        self.folder = folder
        self.process = None

    def start(self):
        command = ["redis-server", "--port", str(PORT), "--bind", "127.0.0.1", "--dir", str(self.folder)]
        command += ["--appendonly", "yes", "--appendfsync", "everysec", "--maxmemory-policy", "noeviction"]
        command += ["--save", "", "--daemonize", "no"]
        log = open(self.folder / "redis.log", "a")  # noqa: SIM115 - lives as long as the process
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        client = redis.Redis.from_url(URL, socket_connect_timeout=1)

        def up():
            try:
                return client.ping()
            except redis.RedisError:
                return False

        wait_for(up, "the private redis-server to accept connections", seconds=20)

    def aof_written(self) -> bool:
        info = redis.Redis.from_url(URL).info("persistence")
        return info["aof_enabled"] == 1 and info["aof_buffer_length"] == 0 and info["aof_pending_bio_fsync"] == 0

    def crash(self):
        self.process.kill()  # SIGKILL: no shutdown save, only what the append-only file already holds
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    try:
        yield server
    finally:
        server.stop()


def test_tasks_queued_before_a_redis_crash_run_after_the_restart(private_redis, broker_at, workers):
    private_redis.start()
    broker = broker_at(URL)
    interpreter = InterpreterFactory(languages={"ara": "certified"})
    bookings = [BookingFactory(mode="video") for _ in range(3)]
    for booking in bookings:
        match_booking.delay(booking.pk)
    queued = redis.Redis.from_url(URL).llen(broker.queue)
    assert queued == 3

    # With appendfsync everysec Redis may hold a write back for up to ~2 s while an fsync is running: a task
    # published in the last moments before a crash can be lost, and the beat sweeps (bookings_stalled,
    # flush_outbox) re-enqueue exactly those from the database. Here we crash once the file has it.
    wait_for(private_redis.aof_written, "Redis to write its append-only file", seconds=10)
    private_redis.crash()
    private_redis.start()
    assert redis.Redis.from_url(URL).llen(broker.queue) == 3  # still there after the restart

    workers.start(broker_url=URL, queue=broker.queue)
    for booking in bookings:
        wait_for(lambda b=booking: Offer.objects.filter(booking=b).exists(), f"the round of {booking.reference}")
    for booking in bookings:
        booking.refresh_from_db()
        assert booking.status == Status.OFFERED
        assert list(booking.offers.values_list("interpreter_id", flat=True)) == [interpreter.pk]
