from django.db import migrations

from reporting.indicators import INDICATORS


def load(apps, schema_editor):
    ServiceIndicator = apps.get_model("reporting", "ServiceIndicator")
    for order, row in enumerate(INDICATORS, start=1):
        code, label_nl, label_fr, label_en, unit, expl_nl, expl_fr, expl_en, computed = row
        ServiceIndicator.objects.update_or_create(
            code=code,
            defaults={
                "label_nl": label_nl,
                "label_fr": label_fr,
                "label_en": label_en,
                "unit": unit,
                "explanation_nl": expl_nl,
                "explanation_fr": expl_fr,
                "explanation_en": expl_en,
                "display_order": order * 10,
                "computed": computed,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_service_figures")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
