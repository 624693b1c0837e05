"""Finding a language by what people type (languages/search.py): directly, through the booking form (no JS:
the server reads the name) and through the suggestions the form's script asks for."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bookings.models import Booking
from languages.models import Language
from languages.search import resolve_language, search_languages
from tests.factories import OrganisationFactory, requester
from tests.portal.test_booking_form import form_data

pytestmark = pytest.mark.django_db
FORM = reverse("requester_booking_new")
SEARCH = reverse("language_search")


@pytest.mark.parametrize(
    "typed, code",
    [
        ("Dari", "prs"),
        ("dari", "prs"),
        ("Tigrinya", "tir"),
        ("Tigrinja", "tir"),
        ("tigrigna", "tir"),
        ("Farsi", "pes"),
        ("Pasjtoe", "pus"),
        ("Pashto", "pus"),
        ("Koerdisch", "kur"),
        ("Kurmanji", "kmr"),
        ("Sorani", "ckb"),
        ("Lingala", "lin"),
        ("Arabisch", "ara"),
        ("  ARABISCH ", "ara"),
        ("ara", "ara"),
        ("Darija", "ary"),
        ("Kabardian", "kbd"),  # from the rest of ISO 639-3
    ],
)
def test_a_name_an_alias_or_a_code_names_one_language(typed, code):
    assert resolve_language(typed).language == Language.objects.get(code=code)


def test_the_name_in_the_readers_language_wins():
    with translation.override("fr"):
        assert resolve_language("Kurde").language.code == "kur"
        assert resolve_language("Pachto").language.code == "pus"
    assert resolve_language("Kurdish").language.code == "kur"  # the English name, before the varieties' alias


@pytest.mark.parametrize(
    "typed, codes",
    [("Berbers", {"rif", "tzm", "zgh", "shi", "kab"}), ("Tamazight", {"rif", "tzm", "zgh"})],
)
def test_an_alias_of_several_languages_names_none_and_offers_them(typed, codes):
    resolution = resolve_language(typed)
    assert resolution.language is None
    assert {language.code for language in resolution.candidates} == codes


def test_a_part_of_a_name_names_none_and_offers_what_contains_it():
    resolution = resolve_language("kurd")
    assert resolution.language is None
    assert {"kur", "kmr", "ckb"} <= {language.code for language in resolution.candidates}
    assert resolve_language("xyzzy").candidates == []


def test_search_puts_whole_names_first_then_the_service_list():
    codes = [language.code for language in search_languages("koerdisch")]
    assert set(codes[:2]) == {"kmr", "ckb"} and codes[2] == "kur"  # whole name or alias, the service's first
    arabic = search_languages("arab")
    assert all(language.is_common for language in arabic[:6]) and arabic[0].code == "ara"


def test_search_never_offers_constructed_or_extinct_languages():
    for typed in ("volapuk", "interlingua", "esperanto", "latin", "klingon", "dalmatian"):
        assert search_languages(typed) == [], typed
    assert resolve_language("vol").language is None


class Options(HTMLParser):
    def __init__(self, list_id):
        super().__init__()
        self.list_id, self.inside, self.values, self.input = list_id, False, [], {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "language":
            self.input = attrs
        if tag == "datalist":
            self.inside = attrs.get("id") == self.list_id
        if tag == "option" and self.inside:
            self.values.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "datalist":
            self.inside = False


def language_field(html: str) -> Options:
    parser = Options("id_language_list")
    parser.feed(html)
    return parser


@pytest.fixture
def next_week():
    return timezone.localdate() + timedelta(days=7)


@pytest.fixture
def client_in(client, db):
    client.force_login(requester(OrganisationFactory(), username="zoeker"))
    return client


def test_the_form_offers_the_service_list_and_reads_any_name_typed(client_in, next_week):
    page = language_field(client_in.get(FORM).content.decode())
    assert page.input["list"] == "id_language_list" and "autofocus" in page.input
    assert page.values == sorted(Language.objects.common().values_list("name_nl", flat=True))
    assert "Cornish" not in page.values and "Volapük" not in page.values

    response = client_in.post(FORM, form_data(next_week, language="Tigrinja"))
    assert response.status_code == 302
    assert Booking.objects.get().language_id == "tir"


def test_an_alias_of_several_languages_is_asked_back_with_them_as_suggestions(client_in, next_week):
    response = client_in.post(FORM, form_data(next_week, language="Berbers"))
    assert response.status_code == 200 and not Booking.objects.exists()
    error = response.context["form"].errors["language"][0]
    assert "Berbers" in error and "Kabylisch" in error and "Riffijns (Tarifit)" in error
    page = language_field(response.content.decode())
    assert page.input["value"] == "Berbers"  # what was typed stays
    assert page.values[:5] == [language.name_nl for language in resolve_language("Berbers").candidates]


def test_a_name_of_no_language_is_refused_beside_the_field(client_in, next_week):
    response = client_in.post(FORM, form_data(next_week, language="Volapük"))
    assert response.context["form"].errors["language"] == [
        "Geen taal gevonden voor “Volapük”. Typ de naam van de taal, bv. Arabisch of Dari."
    ]


def test_a_part_of_a_name_is_asked_back_with_what_contains_it(client_in, next_week):
    response = client_in.post(FORM, form_data(next_week, language="Tigrin"))
    assert response.context["form"].errors["language"] == ["Geen taal heet “Tigrin”. Bedoel je: Tigrinya?"]
    assert language_field(response.content.decode()).values[0] == "Tigrinya"


def test_a_code_shows_as_the_name_in_the_readers_language(client_in):
    page = language_field(client_in.get(FORM, {"language": "pus"}).content.decode())
    assert page.input["value"] == "Pasjtoe" and "autofocus" not in page.input
    french = client_in.get(FORM, {"language": "pus"}, headers={"accept-language": "fr"}).content.decode()
    assert language_field(french).input["value"] == "Pachto"


def test_the_suggestions_the_script_asks_for(client_in):
    body = client_in.get(SEARCH, {"q": "Tigrinja"}).json()
    assert body["results"][0] == {"code": "tir", "name": "Tigrinya", "matched": "tigrinja"}
    french = client_in.get(SEARCH, {"q": "kurd"}, headers={"accept-language": "fr"}).json()["results"]
    assert {"ckb": "Kurde (sorani)", "kmr": "Kurde (kurmandji)", "kur": "Kurde"}.items() <= {
        result["code"]: result["name"] for result in french
    }.items()
    assert client_in.get(SEARCH, {"q": ""}).json() == {"results": []}


def test_the_suggestions_need_a_login(client):
    assert client.get(SEARCH, {"q": "dari"}).status_code == 302
