import pytest
from django.urls import reverse

from interpreters.models import Gender, Level
from interpreters.services import interpreter_profile_update
from tests.factories import UserFactory, requester

pytestmark = pytest.mark.django_db


def profile_post(**overrides):
    data = {
        "first_name": "Amina",
        "last_name": "Haddad",
        "email": "amina@example.be",
        "phone": "0470 12 34 56",
        "postcode": "9000",
        "max_travel_km": "35",
        "offers_on_site": "on",
        "offers_video": "on",
        "sectors": ["welzijn", "onderwijs"],
        "words_per_day": "1500",
    }
    data.update(overrides)
    return data


def test_interpreter_edits_modes_range_contact_and_sectors(interpreter_client, interpreter):
    response = interpreter_client.post(reverse("interpreters:profile"), profile_post())

    assert response.status_code == 302
    interpreter.refresh_from_db()
    interpreter.user.refresh_from_db()
    assert interpreter.modes == ["on_site", "video"]
    assert interpreter.max_travel_km == 35
    assert interpreter.phone == "0470 12 34 56"
    assert interpreter.municipality.postcode == "9000"
    assert interpreter.sectors == ["welzijn", "onderwijs"]
    assert interpreter.user.email == "amina@example.be"
    assert interpreter.user.last_name == "Haddad"


def test_interpreter_cannot_change_languages_levels_gender_or_active(interpreter_client, interpreter):
    interpreter.gender = Gender.FEMALE
    interpreter.save()
    data = profile_post(
        level="sworn", language="fra", gender="m", is_active="", **{"skills-0-level": "sworn", "for_translation": "on"}
    )

    interpreter_client.post(reverse("interpreters:profile"), data)

    interpreter.refresh_from_db()
    skills = list(interpreter.skills.values_list("language_id", "level"))
    assert skills == [("ara", Level.CERTIFIED)]
    assert interpreter.gender == Gender.FEMALE
    assert interpreter.is_active is True


def test_profile_page_shows_languages_read_only(interpreter_client):
    response = interpreter_client.get(reverse("interpreters:profile"))

    assert response.status_code == 200
    assert b'name="level"' not in response.content
    assert "Gecertificeerd" in response.content.decode()


def test_unknown_postcode_is_refused_and_keeps_what_was_typed(interpreter_client, interpreter):
    response = interpreter_client.post(reverse("interpreters:profile"), profile_post(postcode="0000", phone="0499"))

    assert response.status_code == 200
    assert "Onbekende postcode" in response.content.decode()
    assert 'value="0499"' in response.content.decode()
    interpreter.refresh_from_db()
    assert interpreter.municipality.postcode == "3500"


def test_service_refuses_fields_that_belong_to_staff(interpreter):
    with pytest.raises(ValueError):
        interpreter_profile_update(interpreter=interpreter, is_active=False)
    interpreter.refresh_from_db()
    assert interpreter.is_active is True


@pytest.mark.parametrize("make_user", [UserFactory, requester])
def test_profile_pages_are_404_for_someone_who_is_not_an_interpreter(client, make_user):
    client.force_login(make_user())

    assert client.get(reverse("interpreters:profile")).status_code == 404
    assert client.get(reverse("interpreter_availability")).status_code == 404
