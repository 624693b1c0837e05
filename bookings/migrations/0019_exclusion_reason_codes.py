"""An exclusion made with a request and no typed reason: the sentence as a code (bookings/notes.py)."""

import re

from django.db import migrations, models
from django.utils import translation

MSGID = "Uitgesloten bij aanvraag %(ref)s"


def codes_from_text(apps, schema_editor):
    patterns = []
    for language in ("nl", "fr", "en"):
        with translation.override(language):
            before, _, after = translation.gettext(MSGID).partition("%(ref)s")
        patterns.append(re.compile(re.escape(before) + r"(?P<ref>\S+)" + re.escape(after) + r"\Z"))
    ExcludedInterpreter = apps.get_model("bookings", "ExcludedInterpreter")
    changed = []
    for row in ExcludedInterpreter.objects.filter(reason_code="").exclude(reason=""):
        for pattern in patterns:
            if found := pattern.match(row.reason):
                row.reason_code, row.reason_params, row.reason = "excluded_at_request", {"ref": found["ref"]}, ""
                changed.append(row)
                break
    ExcludedInterpreter.objects.bulk_update(changed, ["reason_code", "reason_params", "reason"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0018_history_note_codes'),
    ]

    operations = [
        migrations.AddField(
            model_name='excludedinterpreter',
            name='reason_code',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name='excludedinterpreter',
            name='reason_params',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(codes_from_text, migrations.RunPython.noop),
    ]
