"""Why a job has no price, as a code with parameters (bookings/notes.py). The pricing task wrote these in Dutch with
an ISO date; a text that is none of them stays and is shown as it is (the next pricing run rewrites the row anyway)."""

import re

from django.db import migrations, models

OLD = [
    (re.compile(r"Geen tarief voor aanvragers op (\d{4}-\d{2}-\d{2})\Z"), "no_requester_tariff"),
    (re.compile(r"Geen tarief voor tolken op (\d{4}-\d{2}-\d{2})\Z"), "no_interpreter_tariff"),
]


def codes_from_text(apps, schema_editor):
    UnpricedJob = apps.get_model("billing", "UnpricedJob")
    UnpricedJob.objects.filter(reason="Aantal woorden ontbreekt").update(reason_code="word_count_missing", reason="")
    changed = []
    for row in UnpricedJob.objects.filter(reason_code="").exclude(reason=""):
        for pattern, code in OLD:
            if found := pattern.match(row.reason):
                row.reason_code, row.reason_params, row.reason = code, {"day": found[1]}, ""
                changed.append(row)
                break
    UnpricedJob.objects.bulk_update(changed, ["reason_code", "reason_params", "reason"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('billing', '0004_enterprise_number_check'),
    ]

    operations = [
        migrations.AddField(
            model_name='unpricedjob',
            name='reason_code',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name='unpricedjob',
            name='reason_params',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name='unpricedjob',
            name='reason',
            field=models.CharField(blank=True, max_length=200, verbose_name='reden'),
        ),
        migrations.RunPython(codes_from_text, migrations.RunPython.noop),
    ]
