"""Reference data for transactional tests.

A `transaction=True` test ends with a flush that also empties the tables the data migrations filled, so a
later transactional test finds no municipalities or languages. Reloading them (idempotent, bulk) is much
faster than `serialized_rollback=True`, which reloads the whole serialised database before every test.
"""

import pytest

from languages.models import Language
from languages.reference_data import load_languages
from organisations.models import Municipality, Region
from organisations.reference_data import load_regions_and_municipalities


@pytest.fixture
def reference_data(transactional_db):
    if not Municipality.objects.exists():
        load_regions_and_municipalities(Region, Municipality)
    if not Language.objects.filter(code="ara").exists():
        load_languages(Language)
