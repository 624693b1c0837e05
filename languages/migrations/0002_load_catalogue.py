from django.db import migrations


def load(apps, schema_editor):
    from languages.reference_data import load_languages

    load_languages(apps.get_model("languages", "Language"))


class Migration(migrations.Migration):
    dependencies = [("languages", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
