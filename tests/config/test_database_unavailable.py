"""A request that loses the database answers 503 with Retry-After (config/views.py), every other error 500."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory
from django.utils import translation

from config.views import server_error


def answer_to(error: Exception, path: str):
    request = RequestFactory().get(path)
    try:
        raise error
    except Exception:  # Django calls handler500 inside its own except block
        with translation.override("nl"):
            return server_error(request)


@pytest.mark.parametrize("error", [OperationalError("connection refused"), InterfaceError("connection already closed")])
def test_a_lost_database_answers_503_with_retry_after(error):
    page = answer_to(error, "/bookings/")
    assert page.status_code == 503 and page["Retry-After"] == "5"
    assert b"databank" in page.content
    api = answer_to(error, "/api/v1/bookings/")
    assert api.status_code == 503 and b"detail" in api.content


def test_any_other_error_is_a_500():
    assert answer_to(ValueError("a bug"), "/bookings/").status_code == 500
