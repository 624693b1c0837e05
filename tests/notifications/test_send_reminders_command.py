"""`send_reminders [--now ISO8601]`: one pass of the scan."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from bookings.models import Message
from tests.notifications.conftest import START

pytestmark = pytest.mark.django_db


def test_it_queues_what_is_due_at_the_given_time(confirmed_job, capsys):
    call_command("send_reminders", "--now", (START - timedelta(hours=23)).isoformat())
    assert "2 herinnering(en)" in capsys.readouterr().out
    assert sorted(Message.objects.values_list("kind", flat=True)) == ["reminder_interpreter", "reminder_requester"]


def test_a_time_without_offset_is_read_in_brussels_time(confirmed_job):
    # START is 14:00 in Brussels: at 13:59 the day before nothing is due, at 14:00 it is
    call_command("send_reminders", "--now", f"{START.year}-06-09T13:59")
    assert not Message.objects.exists()
    call_command("send_reminders", "--now", f"{START.year}-06-09T14:00")
    assert Message.objects.count() == 2


def test_a_second_run_queues_nothing(confirmed_job, capsys):
    call_command("send_reminders", "--now", (START - timedelta(hours=23)).isoformat())
    call_command("send_reminders", "--now", (START - timedelta(hours=22)).isoformat())
    assert "0 herinnering(en)" in capsys.readouterr().out.splitlines()[-1]
    assert Message.objects.count() == 2


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01T10:00", ""])
def test_a_bad_now_fails_with_a_clear_message_and_queues_nothing(confirmed_job, value):
    with pytest.raises(CommandError, match="geen geldige ISO 8601-tijd"):
        call_command("send_reminders", "--now", value)
    assert not Message.objects.exists()


def test_a_bad_now_exits_non_zero_from_the_command_line():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "send_reminders", "--now", "not-a-time"], capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "not-a-time" in result.stderr and "ISO 8601" in result.stderr
