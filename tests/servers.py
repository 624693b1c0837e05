"""Helpers for the tests that talk to a real server from outside (tests/reliability, tests/faults)."""

import re
import socket

import redis
import requests

from tests.workers import wait_for


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def web_login(base: str, username: str, password: str, timeout: float = 10) -> requests.Session:
    """Sign in through the login form, as a browser does; fails the test unless it redirects (302)."""
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=timeout)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=timeout,
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:500]
    return session


def wait_for_redis(url: str, seconds: float = 20) -> None:
    """Until the redis-server at `url` answers PING."""
    client = redis.Redis.from_url(url, socket_connect_timeout=1)

    def up():
        try:
            return client.ping()
        except redis.RedisError:
            return False

    wait_for(up, f"the redis-server at {url}", seconds=seconds)
