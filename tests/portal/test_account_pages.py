"""Password reset, change and invitations: the portal's own pages (base layout, "je"), the mails through the
outbox with a proper subject, in Dutch, French and English."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.roles import profile_for
from bookings.models import Message, MessageStatus
from interpreters.models import Interpreter
from organisations.models import Membership
from tests.factories import OrganisationFactory, StaffFactory, UserFactory, requester

pytestmark = pytest.mark.django_db
NAV = 'class="navbar navbar-expand-lg navbar-dark tp-navbar"'


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def in_layout(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200
    assert NAV in html and 'href="/"' in html  # the portal's nav bar, not the admin's header
    assert "Django" not in html
    return html


def link_in(body: str) -> str:
    url = next(word for word in body.split() if "/accounts/reset/" in word)
    return re.sub(r"^https?://[^/]+", "", url)


def set_language(client, code):
    client.post(reverse("set_language"), {"language": code})


@pytest.mark.parametrize(
    "language, heading, subject",
    [
        ("nl", "Wachtwoord vergeten", "Je wachtwoord opnieuw instellen – Tolkportaal"),
        ("fr", "Mot de passe oublié", "Réinitialiser votre mot de passe – Tolkportaal"),
        ("en", "Forgotten password", "Reset your password – Tolkportaal"),
    ],
)
def test_the_whole_reset_flow_in_the_portals_pages(language, heading, subject, django_capture_on_commit_callbacks):
    user = UserFactory(username="caseworker", email="caseworker@example.be")
    profile = profile_for(user)
    profile.language = language
    profile.save()
    client = Client()
    set_language(client, language)
    assert heading in in_layout(client.get(reverse("password_reset")))
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("password_reset"), {"email": "caseworker@example.be"}, follow=True)
    in_layout(sent)
    assert Message.objects.get(kind="password_reset").status == MessageStatus.SENT
    [email] = mail.outbox
    assert email.subject == subject and email.to == ["caseworker@example.be"]
    form = client.get(link_in(email.body), follow=True)
    html = in_layout(form)
    assert "new_password1" in html
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Lange-zin-42x", "new_password2": "Lange-zin-42x"}, follow=True
    )
    in_layout(done)
    assert done.redirect_chain[-1][0] == reverse("password_reset_complete")
    assert Client().login(username="caseworker", password="Lange-zin-42x")


def test_the_dutch_reset_pages_say_je_not_u():
    client = Client()
    html = in_layout(client.get(reverse("password_reset")))
    assert "je account" in html or "Geef het e-mailadres van je account" in html
    for formal in (" uw ", " u "):
        assert formal not in html.lower()
    assert "Django-beheer" not in in_layout(client.get(reverse("password_reset_done")))


def test_a_used_or_wrong_link_says_so_in_the_layout():
    user = UserFactory()
    html = in_layout(Client().get(reverse("password_reset_confirm", args=["MQ", "set-password"]), follow=True))
    assert "Deze link werkt niet meer" in html and user.pk


def test_mismatched_new_passwords_show_a_field_error_in_our_words(django_capture_on_commit_callbacks):
    UserFactory(username="caseworker", email="caseworker@example.be")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "caseworker@example.be"})
    form = client.get(link_in(mail.outbox[0].body), follow=True)
    answer = client.post(form.redirect_chain[-1][0], {"new_password1": "Lange-zin-42x", "new_password2": "Andere-42x"})
    html = in_layout(answer)
    assert "De twee wachtwoorden zijn niet hetzelfde." in html


@pytest.mark.parametrize(
    "language, title", [("nl", "Wachtwoord wijzigen"), ("fr", "Changer le mot de passe"), ("en", "Change password")]
)
def test_password_change_and_done_in_the_layout(language, title):
    user = UserFactory(username="caseworker")
    client = Client()
    client.force_login(user)
    set_language(client, language)
    assert title in in_layout(client.get(reverse("password_change")))
    wrong = client.post(
        reverse("password_change"), {"old_password": "nope", "new_password1": "x", "new_password2": "x"}
    )
    assert wrong.status_code == 200 and "old_password" in wrong.context["form"].errors
    done = client.post(
        reverse("password_change"),
        {"old_password": "secret-pw-123", "new_password1": "Lange-zin-42x", "new_password2": "Lange-zin-42x"},
        follow=True,
    )
    in_layout(done)
    assert done.redirect_chain[-1][0] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("Lange-zin-42x")


def test_the_wrong_current_password_is_told_with_je():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    answer = client.post(
        reverse("password_change"), {"old_password": "nope", "new_password1": "a", "new_password2": "a"}
    )
    assert "Je huidige wachtwoord klopt niet." in answer.content.decode()


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(StaffFactory())
    return client


@pytest.mark.parametrize(
    "language, subject",
    [
        ("nl", "Welkom bij Tolkportaal: kies je wachtwoord"),
        ("fr", "Bienvenue sur Tolkportaal : choisissez votre mot de passe"),
        ("en", "Welcome to Tolkportaal: choose your password"),
    ],
)
def test_staff_invite_a_requester_who_sets_a_password_from_the_mail(
    staff_client, language, subject, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="OCMW Genk")
    in_layout(staff_client.get(reverse("staff_user_invite")))
    with django_capture_on_commit_callbacks(execute=True):
        answer = staff_client.post(
            reverse("staff_user_invite"),
            {
                "role": "requester",
                "first_name": "Sara",
                "last_name": "Peeters",
                "email": "Sara@Genk.be",
                "language": language,
                "organisation": organisation.pk,
            },
        )
    assert answer.status_code == 302
    user = get_user_model().objects.get(email="sara@genk.be")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organisation=organisation).exists()
    message = Message.objects.get(kind="invitation")
    assert (message.recipient, message.language, message.status) == (user, language, MessageStatus.SENT)
    [email] = mail.outbox
    assert email.subject == subject and "OCMW Genk" in email.body
    client = Client()
    form = client.get(link_in(email.body), follow=True)
    in_layout(form)
    client.post(form.redirect_chain[-1][0], {"new_password1": "Lange-zin-42x", "new_password2": "Lange-zin-42x"})
    assert Client().login(username="sara@genk.be", password="Lange-zin-42x")


def test_staff_invite_an_interpreter_with_a_postcode(staff_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("staff_user_invite"),
            {
                "role": "interpreter",
                "first_name": "Amir",
                "last_name": "Haddad",
                "email": "amir@example.be",
                "language": "nl",
                "postcode": "3500",
            },
        )
    interpreter = Interpreter.objects.get(user__email="amir@example.be")
    assert interpreter.municipality.postcode == "3500"
    assert "aanbiedingen" in mail.outbox[0].body


def test_an_invitation_with_missing_fields_shows_field_errors(staff_client):
    UserFactory(email="taken@example.be")
    answer = staff_client.post(
        reverse("staff_user_invite"),
        {
            "role": "interpreter",
            "first_name": "A",
            "last_name": "B",
            "email": "taken@example.be",
            "language": "nl",
            "postcode": "0000",
        },
    )
    errors = answer.context["form"].errors
    assert set(errors) == {"email", "postcode"}
    answer = staff_client.post(
        reverse("staff_user_invite"),
        {"role": "requester", "first_name": "A", "last_name": "B", "email": "new@example.be", "language": "nl"},
    )
    assert set(answer.context["form"].errors) == {"organisation"}
    assert not Message.objects.filter(kind="invitation").exists()


def test_only_staff_may_invite():
    client = Client()
    client.force_login(requester())
    assert client.get(reverse("staff_user_invite")).status_code == 403
    assert translation.get_language()
