"""Callers of the API in each role, each with its own token."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import InterpreterFactory, OrganisationFactory, StaffFactory, requester


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def requester_user(organisation):
    return requester(organisation, username="municipal-caseworker")


@pytest.fixture
def other_requester_user(db):
    return requester(OrganisationFactory(), username="other-caseworker")


@pytest.fixture
def interpreter(db):
    return InterpreterFactory(languages={"ara": "certified"})


@pytest.fixture
def staff_user(db):
    return StaffFactory(username="agency-staff")


@pytest.fixture
def requester_api(requester_user):
    return client_for(requester_user)


@pytest.fixture
def other_requester_api(other_requester_user):
    return client_for(other_requester_user)


@pytest.fixture
def interpreter_api(interpreter):
    return client_for(interpreter.user)


@pytest.fixture
def staff_api(staff_user):
    return client_for(staff_user)


@pytest.fixture
def anonymous_api():
    return APIClient()
