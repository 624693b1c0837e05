"""The Standard Webhooks headers of one attempt, signed with the `standardwebhooks` library.

`webhook-timestamp` is the moment of the attempt (receivers refuse stale ones), so every attempt is signed
anew; `webhook-id` and the body stay the same. During a rotation both secrets sign, space-separated, as the
specification allows: a receiver that still has the old secret, and one that has the new, both accept.
"""

import secrets
from base64 import b64encode
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def secret_new() -> str:
    return SECRET_PREFIX + b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signed_headers(*, webhook_id: str, body: str, secrets_: list[str], now: datetime) -> dict[str, str]:
    moment = now.astimezone(UTC)
    signatures = [Webhook(secret).sign(msg_id=webhook_id, timestamp=moment, data=body) for secret in secrets_]
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": " ".join(signatures),
        "content-type": "application/json",
        "user-agent": "Tolkportaal-Webhooks/1",
    }
