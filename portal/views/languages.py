"""The language suggestions the booking forms' script asks for while one types (static/js/language_search.js)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET

from languages.reference_data import normalize
from languages.search import search_languages

MAX_QUERY = 60


def _matched_term(language, needle: str) -> str:
    """The name or alias the text was found in (what the browser shows beside the name)."""
    terms = language.search_text.strip("|").split("|")
    return next((term for term in terms if term.startswith(needle) or f" {needle}" in term), "")


@login_required
@require_GET
def language_search(request):
    text = request.GET.get("q", "")[:MAX_QUERY]
    needle = normalize(text)
    results = [
        {"code": language.code, "name": language.name, "matched": _matched_term(language, needle)}
        for language in search_languages(text)
    ]
    return JsonResponse({"results": results})


urlpatterns = [path("languages/search/", language_search, name="language_search")]
