import pytest


@pytest.fixture(autouse=True)
def sent(monkeypatch):
    """Records the notification hooks that matching calls; the messages themselves are the notifications work's."""
    from notifications import events

    calls = {}
    for name in dir(events):
        if name.startswith("notify_"):
            record = calls[name.removeprefix("notify_")] = []
            monkeypatch.setattr(
                events, name, lambda *args, record=record: record.append(args[0] if len(args) == 1 else args)
            )
    return calls
