"""import_interpreters FILE.csv [--password PW]: create or update interpreters by username, all or nothing."""

import csv
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.html import escape
from django.utils.http import urlsafe_base64_encode

from interpreters.models import Gender, Interpreter, LanguageSkill, Level, Mode
from languages.models import Language
from organisations.models import Membership, Municipality

COLUMNS = ["username", "email", "first_name", "last_name", "postcode", "max_travel_km", "modes", "languages", "gender"]
MAX_TRAVEL_KM = 1000


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def parse_row(row: dict, *, municipalities: dict, language_codes: set) -> tuple[dict, list[str]]:
    """One CSV row as clean values, and every reason it is wrong (empty when it is fine)."""
    errors = []
    username = (row.get("username") or "").strip()
    if not username:
        errors.append("username is empty")
    elif len(username) > 150:
        errors.append("username is longer than 150 characters")
    email = (row.get("email") or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        errors.append(f"email {email!r} is not a valid address")
    postcode = (row.get("postcode") or "").strip()
    if postcode not in municipalities:
        errors.append(f"postcode {postcode!r} is unknown")
    raw_km = (row.get("max_travel_km") or "").strip()
    max_travel_km = None
    if not raw_km.isdigit() or int(raw_km) > MAX_TRAVEL_KM:
        errors.append(f"max_travel_km {raw_km!r} is not a whole number from 0 to {MAX_TRAVEL_KM}")
    else:
        max_travel_km = int(raw_km)
    modes = _split(row.get("modes"))
    bad_modes = [m for m in modes if m not in Mode.values]
    if bad_modes:
        errors.append(f"modes {', '.join(bad_modes)} unknown (use {';'.join(Mode.values)})")
    skills = {}
    pairs = _split(row.get("languages"))
    if not pairs:
        errors.append("languages is empty")
    for pair in pairs:
        code, sep, level = (p.strip() for p in pair.partition(":"))
        code = code.lower()
        if not sep or not code or not level:
            errors.append(f"language {pair!r} is not code:level")
        elif code not in language_codes:
            errors.append(f"language code {code!r} does not exist")
        elif level not in Level.values:
            errors.append(f"level {level!r} of {code} unknown (use {', '.join(Level.values)})")
        elif code in skills:
            errors.append(f"language {code} appears twice")
        else:
            skills[code] = level
    gender = (row.get("gender") or "").strip().lower()
    if gender not in Gender.values:
        errors.append(f"gender {gender!r} unknown (use f, m or x)")
    values = {
        "username": username,
        "email": email,
        "first_name": (row.get("first_name") or "").strip()[:150],
        "last_name": (row.get("last_name") or "").strip()[:150],
        "municipality": municipalities.get(postcode),
        "max_travel_km": max_travel_km,
        "modes": set(modes),
        "skills": skills,
        "gender": gender,
    }
    return values, errors


def accounts_refused(usernames: set[str]) -> dict[str, str]:
    """Username → why the import may not touch that existing account: only interpreters' accounts are updated."""
    refused = {}
    members = set(Membership.objects.filter(user__username__in=usernames).values_list("user__username", flat=True))
    for user in get_user_model().objects.filter(username__in=usernames).select_related("interpreter"):
        if user.is_staff or user.is_superuser:
            refused[user.username] = f"username {user.username!r} is a staff account; the import never changes it"
        elif user.username in members:
            refused[user.username] = f"username {user.username!r} is a requester's account; the import never changes it"
        elif not hasattr(user, "interpreter"):
            refused[user.username] = f"username {user.username!r} is an existing account that is not an interpreter"
    return refused


def invitation_send(*, user) -> None:
    """A multipart (text + HTML) email with a link to choose a password (Django's password reset)."""
    link = settings.SITE_URL.rstrip("/") + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    name = user.get_full_name() or user.username
    subject = "Welkom bij Tolkportaal: kies je wachtwoord"
    text = (
        f"Dag {name},\n\nHet Agentschap Integratie en Inburgering heeft een account voor je gemaakt in Tolkportaal "
        f"(gebruikersnaam: {user.username}).\nKies je wachtwoord via deze link:\n\n{link}\n\n"
        "Daarna zie je je aanbiedingen, je agenda en je prestatiebladen.\n"
    )
    name, username, link_html = escape(name), escape(user.username), escape(link)
    html = (
        f"<p>Dag {name},</p><p>Het Agentschap Integratie en Inburgering heeft een account voor je gemaakt in "
        f"Tolkportaal (gebruikersnaam: <strong>{username}</strong>).</p>"
        f'<p><a href="{link_html}">Kies je wachtwoord</a></p>'
        "<p>Daarna zie je je aanbiedingen, je agenda en je prestatiebladen.</p>"
    )
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    message.send()


class Command(BaseCommand):
    help = "Import interpreters from a CSV file (create or update by username). One bad row: nothing is imported."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--password", help="password for accounts created by this run (default: invitation)")

    def handle(self, *args, file: Path, password: str | None, **options):
        rows = self._read(file)
        municipalities = {}
        for municipality in Municipality.objects.order_by("id"):
            municipalities.setdefault(municipality.postcode, municipality)
        language_codes = set(Language.objects.values_list("code", flat=True))
        parsed, problems, seen = [], [], {}
        refused = accounts_refused({(row.get("username") or "").strip() for _line, row in rows})
        for line, row in rows:
            values, errors = parse_row(row, municipalities=municipalities, language_codes=language_codes)
            if values["username"] in refused:
                errors.append(refused[values["username"]])
            if values["username"] in seen:
                errors.append(f"username {values['username']!r} already on line {seen[values['username']]}")
            seen.setdefault(values["username"], line)
            problems.extend(f"line {line}: {error}" for error in errors)
            parsed.append(values)
        if problems:
            raise CommandError("Nothing imported; fix these rows:\n" + "\n".join(problems))
        created, updated = self._save(parsed, password)
        unsent = []
        for user in created if password is None else []:
            try:
                invitation_send(user=user)
            except OSError as error:  # smtplib errors are OSErrors; the import itself stands
                unsent.append(f"{user.username}: {error}")
        self.stdout.write(
            self.style.SUCCESS(f"{len(created)} interpreter(s) created, {updated} updated")
            + ("" if password is not None or not created else f"; {len(created) - len(unsent)} invitation(s) sent")
        )
        if unsent:
            raise CommandError("Imported, but these invitations were not sent:\n" + "\n".join(unsent))

    def _read(self, file: Path) -> list[tuple[int, dict]]:
        try:
            with file.open(newline="", encoding="utf-8-sig") as handle:
                reader = csv.DictReader(handle)
                missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
                if missing:
                    raise CommandError(f"line 1: missing column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}")
                rows = [(reader.line_num, row) for row in reader]
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise CommandError(f"cannot read {file}: {error}") from None
        if not rows:
            raise CommandError(f"{file} has no rows")
        return rows

    @transaction.atomic
    def _save(self, rows: list[dict], password: str | None):
        User = get_user_model()
        created, updated = [], 0
        for values in rows:
            user = User.objects.filter(username=values["username"]).first()
            if user is None:
                user = User(username=values["username"])
                if password is None:
                    user.set_unusable_password()
                else:
                    user.set_password(password)
                created.append(user)
            else:
                updated += 1
            user.email, user.first_name, user.last_name = values["email"], values["first_name"], values["last_name"]
            user.save()
            interpreter = Interpreter.objects.filter(user=user).first() or Interpreter(user=user)
            interpreter.municipality = values["municipality"]
            interpreter.max_travel_km = values["max_travel_km"]
            interpreter.gender = values["gender"]
            for mode in Mode.values:
                setattr(interpreter, f"offers_{mode}", mode in values["modes"])
            interpreter.save()
            interpreter.skills.exclude(language_id__in=values["skills"]).delete()
            for code, level in values["skills"].items():
                skill = interpreter.skills.filter(language_id=code).first()
                if skill is None:
                    LanguageSkill.objects.create(
                        interpreter=interpreter,
                        language_id=code,
                        level=level,
                        for_interpreting=True,
                        for_translation=True,
                    )
                elif skill.level != level:
                    skill.level = level
                    skill.save(update_fields=["level"])
        return created, updated
