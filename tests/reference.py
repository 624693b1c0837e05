"""Reference data for transactional tests.

A `transaction=True` test (threads, live server, real workers) ends with a flush that also empties the
tables the data migrations filled: regions, municipalities, languages, indicators, seeded tariffs. The
next test gets them back from the same migration functions. (`serialized_rollback=True` would reload the
whole database before every test, and clashes with the content types another flush recreates.)
"""

import importlib

from django.apps import apps

LOADERS = [
    # (a model the migration fills, the migration, its function)
    ("organisations.Municipality", "organisations.migrations.0002_load_regions_and_municipalities", "load"),
    ("languages.Language", "languages.migrations.0003_language_search_and_living", "load"),
    ("reporting.ServiceIndicator", "reporting.migrations.0002_load_indicators", "load"),
    ("billing.RequesterTariff", "billing.migrations.0003_seed_tariffs", "seed"),
]


def reload_reference_data() -> None:
    for model, migration, function in LOADERS:
        if not apps.get_model(model).objects.exists():
            getattr(importlib.import_module(migration), function)(apps, None)


def is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))
