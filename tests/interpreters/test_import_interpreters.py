import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from interpreters.models import Interpreter, LanguageSkill
from tests.factories import InterpreterFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
HEADER = "username,email,first_name,last_name,postcode,max_travel_km,modes,languages,gender\n"
GOOD = (
    HEADER
    + "amina,amina@example.be,Amina,Haddad,9000,40,on_site;phone,ara:certified;fra:trained,f\n"
    + "tesfay,tesfay@example.be,Tesfay,Gebre,2000,25,video,tir:none,m\n"
)


def write(tmp_path, text, name="tolken.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_and_exit_code(path):
    """manage.py turns a CommandError into `sys.exit(error.returncode)` with the message on stderr."""
    with pytest.raises(CommandError) as failed:
        call_command("import_interpreters", str(path))
    return failed.value.returncode, str(failed.value)


def test_a_good_file_creates_interpreters_with_languages_and_modes(tmp_path):
    call_command("import_interpreters", write(tmp_path, GOOD), password="Welkom-2026!")

    amina = Interpreter.objects.get(user__username="amina")
    assert amina.municipality.postcode == "9000"
    assert amina.max_travel_km == 40
    assert amina.modes == ["on_site", "phone"]
    assert amina.gender == "f"
    assert dict(amina.skills.values_list("language_id", "level")) == {"ara": "certified", "fra": "trained"}
    assert Interpreter.objects.get(user__username="tesfay").modes == ["video"]
    assert Client().login(username="amina", password="Welkom-2026!")
    assert mail.outbox == []


def test_importing_again_updates_by_username(tmp_path):
    call_command("import_interpreters", write(tmp_path, GOOD), password="x-pw-123456")
    changed = HEADER + "amina,amina@new.be,Amina,Haddad,3500,15,video,ara:sworn,f\n"

    call_command("import_interpreters", write(tmp_path, changed, "again.csv"))

    assert Interpreter.objects.count() == 2
    amina = Interpreter.objects.get(user__username="amina")
    assert (amina.user.email, amina.municipality.postcode, amina.max_travel_km) == ("amina@new.be", "3500", 15)
    assert amina.modes == ["video"]
    assert dict(amina.skills.values_list("language_id", "level")) == {"ara": "sworn"}
    assert mail.outbox == []  # no invitation for an account that already existed


def test_a_bad_file_imports_nothing_and_names_each_bad_line(tmp_path):
    existing = InterpreterFactory(languages={"ara": "trained"})
    bad = (
        GOOD
        + "bad1,bad1@example.be,B,One,0000,40,on_site,ara:certified,f\n"
        + "bad2,not-an-email,B,Two,3500,ver,teleport,xxx:certified;ara:guru,q\n"
        + f"{existing.user.username},new@example.be,E,X,3500,10,phone,ara:sworn,m\n"
    )

    code, err = run_and_exit_code(write(tmp_path, bad))

    assert code != 0
    assert "line 4: postcode '0000' is unknown" in err
    for reason in ["email", "max_travel_km", "teleport", "xxx", "guru", "gender"]:
        assert reason in err
    assert "line 5" in err
    assert "line 2" not in err and "line 3" not in err and "line 6" not in err
    assert not User.objects.filter(username__in=["amina", "tesfay", "bad1", "bad2"]).exists()
    existing.refresh_from_db()
    assert existing.user.email != "new@example.be"
    assert LanguageSkill.objects.get(interpreter=existing).level == "trained"
    assert mail.outbox == []


def test_missing_columns_are_refused(tmp_path):
    with pytest.raises(CommandError, match="missing column"):
        call_command("import_interpreters", write(tmp_path, "username,email\namina,a@example.be\n"))
    assert not User.objects.exists()


def test_a_username_twice_in_one_file_is_refused(tmp_path):
    twice = GOOD + "amina,other@example.be,A,H,3500,10,phone,ara:none,f\n"

    with pytest.raises(CommandError, match="line 4: username 'amina' already on line 2"):
        call_command("import_interpreters", write(tmp_path, twice))
    assert not User.objects.exists()


def test_new_accounts_without_password_get_an_invitation_with_a_set_password_link(tmp_path, settings):
    settings.SITE_URL = "https://tolkportaal.example.be"

    call_command("import_interpreters", write(tmp_path, GOOD))

    amina = User.objects.get(username="amina")
    assert not amina.has_usable_password()
    assert sorted(m.to[0] for m in mail.outbox) == ["amina@example.be", "tesfay@example.be"]
    message = next(m for m in mail.outbox if m.to == ["amina@example.be"])
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    link = next(
        word for word in message.body.split() if word.startswith("https://tolkportaal.example.be/accounts/reset/")
    )
    assert link in html

    # The link works: Django's password reset confirm page lets the interpreter choose a password.
    client = Client()
    response = client.get(link.removeprefix("https://tolkportaal.example.be"), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Zelf-gekozen-42", "new_password2": "Zelf-gekozen-42"})
    assert Client().login(username="amina", password="Zelf-gekozen-42")
