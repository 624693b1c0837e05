"""A NUL in any path parameter answers 404, never 500 (PostgreSQL refuses NUL in text).

Every URL pattern with a parameter that is not an int is found by walking the resolver, so a new pattern
with a `str` or `path` parameter is tested too.
"""

import re

import pytest
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RoutePattern

from tests.factories import StaffFactory
from tests.security.test_hostile_input_files import NUL

NUL_IN_URL = "%00"


def with_nul(pattern) -> str:
    """One pattern's route with a NUL for each parameter that is not an int (1 for those that are)."""
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m[1] == "int" else NUL_IN_URL, str(pattern))
    route = re.sub(r"\(\?P<\w+>[^)]*\)[?*+]?", NUL_IN_URL, str(pattern))
    return route.lstrip("^").removesuffix("$").replace("\\", "")


def routes(resolver=None, prefix="/"):
    """(path with NULs, pattern) of every URL pattern, prefixes joined."""
    for pattern in (resolver or get_resolver()).url_patterns:
        path = prefix + with_nul(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, path)
        else:
            yield path, pattern


def ours(pattern) -> bool:
    return not getattr(pattern.callback, "__module__", "").startswith(("django.", "rest_framework."))


def matched_name(path: str) -> str | None:
    try:
        return resolve(path.replace(NUL_IN_URL, NUL)).url_name
    except Resolver404:
        return None


NUL_ROUTES = sorted(
    {(path, pattern.name if ours(pattern) else None) for path, pattern in routes() if NUL_IN_URL in path}
)


def test_the_walk_finds_the_token_routes():
    paths = [path for path, _ in NUL_ROUTES]
    assert "/calendar/%00.ics" in paths
    assert "/offers/%00/accept/" in paths
    assert "/billing/statements/1/%00/" in paths


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "our_name"), NUL_ROUTES, ids=[path for path, _ in NUL_ROUTES])
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "staff"])
def test_a_nul_in_a_path_parameter_answers_404(client, path, our_name, signed_in):
    """Our patterns do not match a NUL at all; the admin and auth views answer 404 too (NulPathMiddleware)."""
    if signed_in:
        client.force_login(StaffFactory())

    response = client.get(path)

    assert response.status_code == 404
    if our_name:
        assert matched_name(path) != our_name
