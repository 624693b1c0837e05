import os
import shutil

import pytest

from tests.faults.stack import PASSWORD, Portal, PrivatePostgres, PrivateRedis, RestartableSMTP, postgres_program


def _missing(reason: str) -> None:
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def stack():
    """One portal for the whole fault suite (its start costs half a minute); each test breaks one part of it
    and leaves it whole again."""
    for program in ("initdb", "pg_ctl"):
        if postgres_program(program) is None:
            _missing(f"needs PostgreSQL's {program} (a private cluster is started for the faults)")
    if shutil.which("redis-server") is None:
        _missing("needs the redis-server program")
    postgres, broker, smtp = PrivatePostgres(), PrivateRedis(), RestartableSMTP()
    portal = Portal(postgres, broker, smtp)
    try:
        postgres.start()
        broker.start()
        smtp.start()
        portal.manage("migrate", "--noinput")
        portal.manage("shell", "-c", f"from tests.faults.seed import people; people({PASSWORD!r})")
        portal.start()
        yield portal, postgres, broker, smtp
    finally:
        portal.stop()
        if smtp.server is not None:
            smtp.stop()
        broker.stop()
        postgres.stop()
