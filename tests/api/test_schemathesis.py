"""Property-based run of schemathesis against /api/schema/: no 500s, and every response as documented.

All of schemathesis' checks run. One is told more than the schema can say: bodies that are valid for the
schema may still break a booking rule (a start in the past, an on-site job without a postcode, a key reused
with another body), so `positive_data_acceptance` also accepts 400 and 422 for them (and 429: the login lockout).
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from bookings.models import Status
from config.wsgi import application
from tests.factories import (
    BookingFactory,
    InterpreterFactory,
    OfferFactory,
    OrganisationFactory,
    StaffFactory,
    requester,
)

MAX_EXAMPLES = 25

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"max-examples": MAX_EXAMPLES},
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409", "422", "429"]}
        },
    }
)


@pytest.fixture
def one_transaction():
    """Requests through the WSGI app must not close the test's connection (as Django's test client ensures)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def callers(db, one_transaction):
    organisation = OrganisationFactory()
    interpreter = InterpreterFactory(languages={"ara": "certified"})
    BookingFactory.create_batch(3, organisation=organisation)
    BookingFactory(organisation=organisation, status=Status.CONFIRMED, interpreter=interpreter)
    OfferFactory(interpreter=interpreter, booking__organisation=organisation)
    return {"requester": requester(organisation), "staff": StaffFactory(), "interpreter": interpreter.user}


# The schema needs no database: it is fetched once, when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)


def call_as(case, user) -> None:
    cache.clear()  # throttling is tested elsewhere; here every example gets through
    token, _ = Token.objects.get_or_create(user=user)  # the run may have revoked it with DELETE /token/
    case.call_and_validate(headers={"Authorization": f"Token {token.key}"})


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the data is meant to be shared
def test_the_api_keeps_its_schema_for_a_requester(case, callers):
    call_as(case, callers["requester"])


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the data is meant to be shared
def test_the_api_keeps_its_schema_for_staff(case, callers):
    call_as(case, callers["staff"])


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_api_keeps_its_schema_for_an_interpreter(case, callers):
    call_as(case, callers["interpreter"])
