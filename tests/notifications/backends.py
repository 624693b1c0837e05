"""Email backends for tests: one that always fails like an SMTP server that refuses the connection."""

import smtplib
import threading
import time

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class ServerAway:
    """The mail server as seen from the portal: away (refused connection) or up, slow enough that two senders
    overlap; records the order in which it accepted mail. Recipients in `refused` get a 550."""

    up = False
    accepted: list = []
    refused: set = set()
    lock = threading.Lock()

    @classmethod
    def reset(cls):
        cls.up, cls.accepted, cls.refused = False, [], set()


class ServerAwayBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        if not ServerAway.up:
            raise ConnectionRefusedError(111, "Connection refused")
        for email in email_messages:
            if set(email.to) & ServerAway.refused:
                raise smtplib.SMTPRecipientsRefused({email.to[0]: (550, b"No such user")})
            time.sleep(0.01)
            with ServerAway.lock:
                ServerAway.accepted.append(email.extra_headers["X-Tolkportaal-Message"])
        return len(email_messages)
