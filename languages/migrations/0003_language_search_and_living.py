from django.db import migrations, models


def load(apps, schema_editor):
    """Names and search terms renewed, the living languages active and the constructed, extinct, ancient,
    historical and special ones inactive (languages/reference_data.py); a missing catalogue is loaded whole."""
    from languages.reference_data import sync_languages

    sync_languages(apps.get_model("languages", "Language"))


class Migration(migrations.Migration):
    dependencies = [("languages", "0002_load_catalogue")]

    operations = [
        migrations.AddField(
            model_name="language",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="zoektermen"),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
