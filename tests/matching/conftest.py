import pytest


@pytest.fixture(autouse=True)
def sent(monkeypatch):
    """Records the notification hooks that matching calls; the messages themselves are the notifications work's."""
    from bookings import notifications

    calls = {}
    for name in dir(notifications):
        if name.startswith("notify_"):
            record = calls[name.removeprefix("notify_")] = []
            monkeypatch.setattr(
                notifications, name, lambda *args, record=record: record.append(args[0] if len(args) == 1 else args)
            )
    return calls
