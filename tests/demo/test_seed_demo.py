"""The demo data looks real: names that fit the stated gender, no two interpreters with one name, the demo
interpreter offering what the README says; and the 2017 report page shows every published figure exactly."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from demo.seed import FIRST_NAMES
from interpreters.models import Gender, Interpreter
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--password", "pw-demo-123", stdout=io.StringIO())


def test_every_demo_interpreter_has_a_first_name_that_fits_the_stated_gender_and_a_name_of_their_own(seeded):
    interpreters = list(Interpreter.objects.select_related("user"))
    assert len(interpreters) == 61
    names = [(i.user.first_name, i.user.last_name) for i in interpreters]
    assert len(set(names)) == len(names), "two interpreters share a name"
    for interpreter in interpreters:
        assert interpreter.gender in (Gender.FEMALE, Gender.MALE)
        other = Gender.MALE if interpreter.gender == Gender.FEMALE else Gender.FEMALE
        assert interpreter.user.first_name not in FIRST_NAMES[other], interpreter.user.get_full_name()


def test_the_demo_interpreter_is_as_the_readme_describes(seeded):
    amina = Interpreter.objects.get(user__username="demo-interpreter")
    assert amina.gender == Gender.FEMALE and amina.municipality.name == "Hasselt"
    assert set(amina.skills.values_list("language_id", flat=True)) == {"ara", "ary", "fra"}
    assert amina.modes == ["on_site", "phone", "video"]


def test_the_2017_report_page_shows_every_published_figure_exactly_and_marks_it_entered(seeded, client):
    client.force_login(StaffFactory())
    cards = {
        card.indicator.code: card for card in client.get(reverse("reporting:annual", args=[2017])).context["cards"]
    }
    published = Path(settings.BASE_DIR, "reporting", "data", "service_figures_2017.csv")
    for row in csv.DictReader(published.open(encoding="utf-8")):
        card = cards[row["indicator"]]
        if row["indicator"] == "assignments":
            assert card.computed and card.total == card.published == int(row["value"])
        elif row["region"]:
            assert (row["region"], int(row["value"])) in [(r.code, v) for r, v in card.regions], row
        else:
            assert card.total == int(row["value"]) and not card.computed, row
