"""The headers of an attempt, checked with an HMAC written out here (the sender signs with `standardwebhooks`)."""

import base64
import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.webhooks.receiver import signature_valid
from webhooks.endpoints import endpoint_rotate
from webhooks.signing import secret_new, signed_headers

BODY = '{"type":"booking.created","timestamp":"2026-12-03T10:00:00Z","data":{"id":1,"note":"één"}}'


def test_a_secret_is_whsec_and_the_base64_of_32_random_bytes():
    secret = secret_new()
    assert re.fullmatch(r"whsec_[A-Za-z0-9+/]+={0,2}", secret)
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert secret_new() != secret


def test_the_signature_is_hmac_sha256_of_id_timestamp_and_body():
    secret, now = secret_new(), datetime.now(UTC)
    headers = signed_headers(webhook_id="msg_1", body=BODY, secrets_=[secret], now=now)
    assert headers["webhook-id"] == "msg_1"
    assert headers["webhook-timestamp"] == str(int(now.timestamp()))
    assert headers["webhook-signature"].startswith("v1,")
    assert signature_valid(secret, headers, BODY.encode())
    assert not signature_valid(secret, headers, BODY.replace("1", "2").encode())
    assert not signature_valid(secret_new(), headers, BODY.encode())
    assert not signature_valid(secret, {**headers, "webhook-id": "msg_2"}, BODY.encode())


def test_a_stale_timestamp_fails_the_receivers_check():
    secret = secret_new()
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    headers = signed_headers(webhook_id="msg_1", body=BODY, secrets_=[secret], now=an_hour_ago)
    assert not signature_valid(secret, headers, BODY.encode())


@pytest.mark.django_db
def test_after_a_rotation_both_secrets_sign_for_a_day_then_only_the_new(make_endpoint):
    endpoint = make_endpoint()
    old = endpoint.secret
    now = datetime.now(UTC)
    new = endpoint_rotate(endpoint=endpoint, now=now)
    assert new != old and endpoint.secret == new
    overlap = endpoint.secrets(now + timedelta(hours=23))
    during = signed_headers(webhook_id="msg_1", body=BODY, secrets_=overlap, now=now)
    assert len(during["webhook-signature"].split(" ")) == 2
    assert signature_valid(old, during, BODY.encode()) and signature_valid(new, during, BODY.encode())
    after = signed_headers(webhook_id="msg_1", body=BODY, secrets_=endpoint.secrets(now + timedelta(hours=25)), now=now)
    assert signature_valid(new, after, BODY.encode()) and not signature_valid(old, after, BODY.encode())
