from datetime import timedelta

import pytest
from django.utils import timezone

from interpreters.models import LanguageSkill
from tests.factories import InterpreterFactory


@pytest.fixture
def next_week():
    return timezone.now().replace(second=0, microsecond=0) + timedelta(days=7)


def interpreter(name: str, level: str = "certified", *, languages=None, **fields):
    """An Arabic interpreter (by default) with a recognisable username."""
    return InterpreterFactory(
        user__username=name, user__first_name=name.title(), languages=languages or {"ara": level}, **fields
    )


def skill(person, code: str, level: str = "certified", **fields) -> LanguageSkill:
    return LanguageSkill.objects.create(interpreter=person, language_id=code, level=level, **fields)
