"""import_interpreters updates interpreters only: a line naming a staff or requester account refuses the file."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from interpreters.models import Interpreter
from tests.factories import InterpreterFactory, StaffFactory, UserFactory, requester
from tests.interpreters.test_import_interpreters import GOOD, write

pytestmark = pytest.mark.django_db
User = get_user_model()
LINE = "{username},evil@example.be,Evil,Mallory,9000,40,phone,ara:certified,f\n"


def import_refused(tmp_path, username: str) -> str:
    with pytest.raises(CommandError) as failed:
        call_command("import_interpreters", str(write(tmp_path, GOOD + LINE.format(username=username))))
    assert failed.value.returncode != 0
    return str(failed.value)


def snapshot(username: str):
    return User.objects.filter(username=username).values_list("email", "first_name", "password").get()


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda: StaffFactory(username="planner"), "staff account"),
        (lambda: StaffFactory(username="planner", is_superuser=True), "staff account"),
        (lambda: requester(username="planner"), "requester's account"),
        (lambda: UserFactory(username="planner"), "not an interpreter"),
    ],
    ids=["staff", "superuser", "requester", "other account"],
)
def test_a_line_naming_a_non_interpreter_account_refuses_the_whole_file(tmp_path, make, reason):
    make()
    before = snapshot("planner")
    message = import_refused(tmp_path, "planner")
    assert "line 4: username 'planner' is" in message and reason in message
    assert snapshot("planner") == before
    assert not Interpreter.objects.exists()
    assert set(User.objects.values_list("username", flat=True)) == {"planner"}


def test_an_existing_interpreter_is_still_updated(tmp_path):
    InterpreterFactory(user=UserFactory(username="tesfay"))
    call_command("import_interpreters", str(write(tmp_path, GOOD)))
    assert User.objects.get(username="tesfay").email == "tesfay@example.be"
