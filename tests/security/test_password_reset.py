"""Password reset: its mail goes through the outbox (kept and retried when SMTP is down), and it is throttled
per address and per account without telling whether an address has an account."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from accounts.roles import profile_for
from bookings.models import Message, MessageStatus
from notifications.outbox import outbox_flush
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/accounts/password_reset/"
FAILING = "tests.notifications.backends.FailingBackend"


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Post the reset form from an address; the outbox's send task runs as it would after the commit."""

    def post(email="caseworker@example.be", address="10.1.1.1"):
        with django_capture_on_commit_callbacks(execute=True):
            return Client(REMOTE_ADDR=address).post(URL, {"email": email})

    return post


@pytest.fixture
def ticking_clock(monkeypatch):
    """The reset token's clock a minute further on each call, so that each request makes a new link."""
    start = datetime.now()
    ticks = iter(range(10_000))
    monkeypatch.setattr(default_token_generator, "_now", lambda: start + timedelta(minutes=next(ticks)))


@pytest.fixture
def user(db):
    return UserFactory(username="caseworker", email="caseworker@example.be")


def test_the_reset_mail_is_an_outbox_message_with_a_working_link(user, ask):
    assert ask().status_code == 302
    message = Message.objects.get(kind="password_reset")
    assert (message.recipient, message.status) == (user, MessageStatus.SENT)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["caseworker@example.be"]
    link = next(word for word in mail.outbox[0].body.split() if "/accounts/reset/" in word)
    path = link.split("8000", 1)[-1]
    client = Client()
    form = client.get(path, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()


def test_when_smtp_is_down_the_reset_mail_waits_in_the_outbox_and_is_sent_later(user, settings, ask):
    settings.EMAIL_BACKEND = FAILING
    assert ask().status_code == 302
    message = Message.objects.get(kind="password_reset")
    assert message.status == MessageStatus.FAILED and not mail.outbox
    message.refresh_from_db()
    assert message.waited_for_server  # the server was away: it waits in the queue that goes out in order
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    outbox_flush()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


@pytest.mark.parametrize(
    "language, words", [("nl", "je wachtwoord opnieuw"), ("fr", "mot de passe"), ("en", "password")]
)
def test_the_reset_mail_is_in_the_users_language(user, language, words, ask):
    profile = profile_for(user)
    profile.language = language
    profile.save()
    ask()
    assert words in mail.outbox[0].subject.lower()


def test_one_account_gets_at_most_the_account_limit_of_mails_an_hour(user, settings, ticking_clock, ask):
    settings.PASSWORD_RESET_ACCOUNT_LIMIT = 3
    responses = [ask(address=f"10.2.0.{n}") for n in range(5)]
    assert [r.status_code for r in responses] == [302] * 5  # the page never tells
    assert Message.objects.filter(kind="password_reset").count() == 3


def test_one_address_is_refused_after_the_address_limit(user, settings, ask):
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 4
    codes = [ask(email=f"nobody{n}@example.be").status_code for n in range(4)]
    assert codes == [302] * 4
    refused = ask()
    assert refused.status_code == 429 and "Te veel aanvragen" in refused.content.decode()
    assert not Message.objects.exists()
    assert ask(address="10.9.9.9").status_code == 302  # another address is not affected
    assert Message.objects.filter(kind="password_reset").count() == 1


def test_an_unknown_address_gets_the_same_answer_and_no_mail(db, ask):
    assert ask(email="nobody@example.be").status_code == 302
    assert not Message.objects.exists() and not mail.outbox
