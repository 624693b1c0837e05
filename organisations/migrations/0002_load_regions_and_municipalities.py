from django.db import migrations


def load(apps, schema_editor):
    from organisations.reference_data import load_regions_and_municipalities

    load_regions_and_municipalities(apps.get_model("organisations", "Region"), apps.get_model("organisations", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
