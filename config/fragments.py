"""Renderings kept by what they show: a list's rows rendered (or serialized) once, and served again to every
request whose rows hold the same values.

The key is a digest of every value the rows were loaded with (their columns, and those of the relations joined
with them), the request's language and time zone, and the settings the rows show (SHOWN_SETTINGS); the cache's
key prefix is a digest of the project's code, templates and translations (config/version.py, in settings). So
nothing is ever invalidated: a changed status, a renamed interpreter or language, a new booking on the page gives
another key, and an unused key expires. The rows' query still runs on every request, so a page is never staler
than its query; what is saved is building the HTML (or JSON) of rows that did not change (bench/README.md, "The
list pages").

A row must show only what it was loaded with: a field it reads lazily would be loaded after the digest (and cost a
query per row, which the pages' query-count tests catch).
"""

import hashlib
import pickle

from django.conf import settings
from django.core.cache import caches
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

CACHE = "template_fragments"  # the alias Django's {% cache %} tag uses
SHOWN_SETTINGS = ["SITE_URL", "TOLK_VIDEO_BASE_URL"]  # rows show links made with these (Booking.join)


def _loaded(value, seen: set[int]):
    if isinstance(value, Model):
        if id(value) in seen:  # a one-to-one relation caches its way back (interpreter.user.interpreter)
            return (value._meta.label, value.pk)
        seen.add(id(value))
        columns = [(name, v) for name, v in value.__dict__.items() if not name.startswith("_")]
        related = [(name, _loaded(v, seen)) for name, v in value._state.fields_cache.items()]
        return (value._meta.label, columns, related)
    if isinstance(value, list | tuple | QuerySet):  # a page's rows: evaluated here, once, for the template too
        return [_loaded(item, seen) for item in value]
    return value


def content_key(*content) -> str:
    """A digest of `content` (model instances as the values they were loaded with, lists, plain values) in the
    current language and time zone: the vary-on value of a kept rendering."""
    shown = [getattr(settings, name) for name in SHOWN_SETTINGS]
    scope = [get_language(), timezone.get_current_timezone_name(), *shown]
    return hashlib.blake2b(pickle.dumps([scope, _loaded(list(content), set())]), digest_size=16).hexdigest()


def kept(name: str, key: str, build):
    """What `build()` returns, built once for (name, key) and kept in the fragments' cache."""
    cache = caches[CACHE]
    cache_key = f"{name}:{key}"
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value)
    return value
