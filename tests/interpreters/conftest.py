import pytest

from tests.factories import InterpreterFactory


@pytest.fixture
def interpreter(db):
    return InterpreterFactory(languages={"ara": "certified"})


@pytest.fixture
def interpreter_client(client, interpreter):
    client.force_login(interpreter.user)
    return client
