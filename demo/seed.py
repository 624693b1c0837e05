"""The demo data of `seed_demo`: organisations across the regions, interpreters across Flanders, users."""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Profile
from demo.history import seed_history_2017
from interpreters.models import Gender, Interpreter, LanguageSkill, Level
from organisations.models import Membership, Municipality, Organisation, OrganisationKind

DEMO_ORGANISATIONS = [
    # (name, kind, postcode, address)
    ("OCMW Hasselt", OrganisationKind.OCMW, "3500", "Kapelstraat 2"),
    ("CAW Limburg", OrganisationKind.CAW, "3600", "Stationsplein 5"),
    ("Stad Genk", OrganisationKind.MUNICIPALITY, "3600", "Stadsplein 1"),
    ("OCMW Antwerpen", OrganisationKind.OCMW, "2000", "Lange Gasthuisstraat 39"),
    ("AZ Sint-Jan Brugge", OrganisationKind.HOSPITAL, "8000", "Ruddershove 10"),
    ("Stad Gent", OrganisationKind.MUNICIPALITY, "9000", "Botermarkt 1"),
    ("CAW Oost-Vlaanderen", OrganisationKind.CAW, "9300", "Kerkstraat 12"),
    ("Basisschool De Regenboog Leuven", OrganisationKind.SCHOOL, "3000", "Naamsestraat 20"),
    ("Politiezone Brussel-Noord", OrganisationKind.POLICE, "1030", "Paul Devauxstraat 15"),
    ("OCMW Kortrijk", OrganisationKind.OCMW, "8500", "Budastraat 27"),
    ("Gemeente Vilvoorde", OrganisationKind.MUNICIPALITY, "1800", "Grote Markt 1"),
    ("UZ Brussel", OrganisationKind.HOSPITAL, "1090", "Laarbeeklaan 101"),
]

INTERPRETER_POSTCODES = [
    "3500",
    "3600",
    "3700",
    "3900",
    "2000",
    "2800",
    "2300",
    "2900",
    "8000",
    "8500",
    "8400",
    "8800",
    "9000",
    "9300",
    "9100",
    "9200",
    "3000",
    "1800",
    "3300",
    "1000",
    "1030",
    "1080",
    "3580",
    "2500",
]
INTERPRETER_LANGUAGES = [
    "ara",
    "ary",
    "apc",
    "prs",
    "pes",
    "pus",
    "tur",
    "rus",
    "ukr",
    "fra",
    "eng",
    "tir",
    "som",
    "kmr",
    "ckb",
    "pol",
    "ron",
    "bul",
    "spa",
    "amh",
    "sqi",
    "rif",
]
# First names by the gender each interpreter states (Gender.FEMALE, Gender.MALE), so that name and gender agree.
FIRST_NAMES = {
    Gender.FEMALE: [
        "Fatima",
        "Olena",
        "Leila",
        "Nadia",
        "Irina",
        "Sara",
        "Zainab",
        "Hanna",
        "Mariam",
        "Yasmina",
        "Aster",
        "Shirin",
    ],
    Gender.MALE: [
        "Youssef",
        "Ahmad",
        "Mehmet",
        "Samir",
        "Omar",
        "Hassan",
        "Karim",
        "Dawit",
        "Ali",
        "Bilal",
        "Taras",
        "Farid",
    ],
}
LAST_NAMES = [
    "El Amrani",
    "Haddad",
    "Yilmaz",
    "Petrenko",
    "Rahimi",
    "Tesfaye",
    "Bouzid",
    "Kaya",
    "Nowak",
    "Popescu",
    "Ivanova",
    "Hosseini",
    "Mansour",
    "Demir",
    "Abdi",
    "Karimi",
]


def _user(username: str, password_hash: str, **fields):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults=fields)
    if created or not user.has_usable_password():
        user.password = password_hash
        user.save(update_fields=["password"])
    Profile.objects.get_or_create(user=user)
    return user


def _organisations() -> list[Organisation]:
    organisations = []
    for name, kind, postcode, address in DEMO_ORGANISATIONS:
        municipality = Municipality.objects.for_postcode(postcode).first()
        organisation, _ = Organisation.objects.get_or_create(
            name=name, municipality=municipality, defaults={"kind": kind, "address": address}
        )
        organisations.append(organisation)
    return organisations


def _interpreter(user, postcode: str, languages: dict[str, str], gender: str, rng, **modes) -> Interpreter:
    """`modes` (offers_on_site, offers_phone, offers_video) fixes what a named demo account offers; the others
    mostly come on site too, and all take phone and video jobs."""
    interpreter, created = Interpreter.objects.get_or_create(
        user=user,
        defaults={
            "municipality": Municipality.objects.for_postcode(postcode).first(),
            "max_travel_km": rng.choice([30, 50, 80, 120]),
            "gender": gender,
            "phone": f"+32 470 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            "offers_on_site": rng.random() < 0.85,
            **modes,
        },
    )
    if created:
        for code, level in languages.items():
            LanguageSkill.objects.create(
                interpreter=interpreter,
                language_id=code,
                level=level,
                for_interpreting=True,
                for_translation=rng.random() < 0.3,
            )
    return interpreter


def _unique_names(rng, count: int, taken: set) -> list[tuple[str, str, str]]:
    """`count` (gender, first name, last name), each name pair once, the first name fitting the gender."""
    names = []
    while len(names) < count:
        gender = rng.choice([Gender.FEMALE, Gender.MALE])
        first, last = rng.choice(FIRST_NAMES[gender]), rng.choice(LAST_NAMES)
        if (first, last) not in taken:
            taken.add((first, last))
            names.append((gender, first, last))
    return names


@transaction.atomic
def seed_demo(password: str, interpreters: int = 60) -> dict:
    rng = random.Random(2017)
    password = make_password(password)  # hashed once: the same password for every demo account
    organisations = _organisations()
    requester = _user("demo-requester", password, first_name="Lies", last_name="Peeters", email="lies@example.be")
    Membership.objects.get_or_create(user=requester, organisation=organisations[0])  # OCMW Hasselt, Limburg
    Membership.objects.get_or_create(user=requester, organisation=organisations[1])  # CAW Limburg
    requester2 = _user("demo-requester2", password, first_name="Koen", last_name="Janssens", email="koen@example.be")
    Membership.objects.get_or_create(user=requester2, organisation=organisations[5])  # Stad Gent
    _user(
        "demo-staff",
        password,
        first_name="Sofie",
        last_name="Claes",
        email="planning@example.be",
        is_staff=True,
        is_superuser=True,
    )
    demo_interpreter = _user(
        "demo-interpreter", password, first_name="Amina", last_name="El Amrani", email="amina@example.be"
    )
    _interpreter(
        demo_interpreter,
        "3500",
        {"ara": Level.CERTIFIED, "ary": Level.CERTIFIED, "fra": Level.TRAINED},
        Gender.FEMALE,
        rng,
        offers_on_site=True,  # README: lives in Hasselt and takes jobs there, by phone and by video
        offers_phone=True,
        offers_video=True,
    )
    names = _unique_names(rng, interpreters, taken={("Amina", "El Amrani")})
    for index, (gender, first, last) in enumerate(names):
        user = _user(
            f"tolk{index + 1:03d}", password, first_name=first, last_name=last, email=f"tolk{index + 1:03d}@example.be"
        )
        languages = {
            code: rng.choice([Level.SWORN, Level.CERTIFIED, Level.TRAINED, Level.TRAINED, Level.NONE])
            for code in rng.sample(INTERPRETER_LANGUAGES, rng.randint(1, 3))
        }
        _interpreter(
            user,
            INTERPRETER_POSTCODES[index % len(INTERPRETER_POSTCODES)],
            languages,
            gender,
            rng,
        )
    seed_history_2017(organisations)  # the 2017 service figures and completed bookings (demo/history.py)
    return {"organisations": len(organisations), "interpreters": Interpreter.objects.count()}
