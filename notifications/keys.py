"""The outbox key of a message: `kind:booking:recipient[:extra]`, unique per row, so one event or reminder never
mails one person twice. The extra part says what makes a second message of the same kind a different one: another
offer (its id), another start (a timestamp), another change (a version)."""

from datetime import datetime


def message_key(kind: str, booking_id, recipient_id, extra: object = "") -> str:
    return f"{kind}:{booking_id}:{recipient_id}" + (f":{extra}" if extra != "" else "")


def message_key_extra(key: str) -> str:
    """What message_key put after the recipient ("" when nothing)."""
    parts = key.split(":", 3)
    return parts[3] if len(parts) == 4 else ""


def moment_stamp(moment: datetime) -> int:
    """A start or deadline as the extra part of a reminder's key: the same job moved is reminded again."""
    return int(moment.timestamp())
