"""History notes and withdrawal reasons as codes with parameters (bookings/notes.py). Rows whose text is one of the
sentences the system wrote (in Dutch, or in French or English when the person acting used those) get its code and
parameters; any other text (what a person typed, or a sentence no longer known) stays as it is and is shown so."""

import re
from datetime import date

from django.db import migrations, models
from django.utils import translation

# The sentences as they were written before the codes: (code, parts). A part is a msgid, a literal separator
# (" ", " · ", "[certificaat] ") or (msgid, nested code, parameter name): the nested note's parameters.
ONECLICK = ("via de link in de mail, vanaf adres %(address)s met browser %(agent)s", "oneclick", "via")
OLD = [
    ("offer_accepted_via", ["Aanbod aanvaard door %(name)s", " ", ONECLICK]),
    ("offer_declined_via", ["Aanbod geweigerd door %(name)s", " ", ONECLICK]),
    (
        "round_chosen",
        ["Aanbod door %(user)s aan een gekozen lijst.", " ", "Ronde %(number)d: aangeboden aan %(names)s"],
    ),
    (
        "assigned_by_planning_override",
        ["Toegewezen door de planning", " · ", "Vereisten overschreven door %(user)s: %(failures)s. Reden: %(reason)s"],
    ),
    (
        "certification_lapsing",
        [
            "[certificaat] ",
            "het certificaat van %(name)s voor %(language)s is niet meer geldig op de dag van de opdracht",
        ],
    ),
    ("offer_accepted", ["Aanbod aanvaard door %(name)s"]),
    ("series_accepted", ["Reeks aanvaard door %(name)s (aanbod %(ref)s)"]),
    ("round_offered", ["Ronde %(number)d: aangeboden aan %(names)s"]),
    ("next_mode", ["Volgende gewenste modus: %(old)s → %(new)s (%(reason)s)"]),
    ("switched_remote", ["Omgezet van ter plaatse naar %(mode)s"]),
    ("assigned_override", ["Vereisten overschreven door %(user)s: %(failures)s. Reden: %(reason)s"]),
    ("withdrawn", ["%(name)s trok zich terug%(late)s: %(reason)s"]),
    ("absent", ["Afwezig van %(first)s tot %(last)s"]),
    ("immediate_nobody", ["Niemand aanvaardde binnen %(seconds)d seconden"]),
]
FIXED = {
    "no_language_holder": "Geen actieve tolk voor deze taal",
    "no_candidate": "Geen tolk voldoet aan alle voorwaarden",
    "all_declined": "Alle kandidaten weigerden of antwoordden niet op tijd",
    "too_late": "Te kort voor het begin om nog een tolk te zoeken",
    "not_filled_in_time": "Niet op tijd ingevuld",
    "assigned_by_planning": "Toegewezen door de planning",
    "series_split": "Reeks opgesplitst",
    "new_weekly_hours": "Nieuwe weekuren",
    "translation_delivered": "Vertaling geleverd",
    "imported": "geïmporteerd",
    "history_2017": "historiek 2017",
}
LANGUAGES = ("nl", "fr", "en")
MODES = {"on_site": "Ter plaatse", "phone": "Telefonisch", "video": "Via video"}
BATCH = 1000


def _regex(text: str) -> str:
    out, last = [], 0
    for found in re.finditer(r"%\((\w+)\)([sd])", text):
        out.append(re.escape(text[last : found.start()]))
        out.append(rf"(?P<{found[1]}>\d+)" if found[2] == "d" else rf"(?P<{found[1]}>.*?)")
        last = found.end()
    out.append(re.escape(text[last:]))
    return "".join(out)


class Matcher:
    """Old text → (code, params), in the three languages, from the project's translations of the old msgids."""

    def __init__(self, apps):
        self.languages = apps.get_model("languages", "Language")
        self.patterns = []  # (compiled, code, nested: {group: (code, parameter)})
        self.fixed = {}
        self.modes = {}
        self.late = set()
        for language in LANGUAGES:
            with translation.override(language):
                for code, parts in OLD:
                    regex, nested = [], {}
                    for part in parts:
                        if isinstance(part, tuple):
                            msgid, inner, name = part
                            text = translation.gettext(msgid)
                            regex.append(_regex(text))
                            for group in re.findall(r"%\((\w+)\)", text):
                                nested[group] = (inner, name)
                        elif "%(" in part or part.strip() not in ("", "·", "[certificaat]"):
                            regex.append(_regex(translation.gettext(part)))
                        else:
                            regex.append(re.escape(part))
                    self.patterns.append((re.compile("".join(regex) + r"\Z", re.S), code, nested))
                for code, msgid in FIXED.items():
                    self.fixed[translation.gettext(msgid)] = code
                    self.fixed[msgid] = code
                for code, label in MODES.items():
                    self.modes[translation.gettext(label).lower()] = code
                self.late.add(translation.gettext(" (laat)"))

    def parse(self, text: str):
        text = text.strip()
        if text in self.fixed:
            return self.fixed[text], {}
        for regex, code, nested in self.patterns:
            found = regex.match(text)
            if found is None:
                continue
            params, inner = {}, {}
            for name, value in found.groupdict().items():
                if name in nested:
                    inner_code, parameter = nested[name]
                    inner.setdefault(parameter, {"code": inner_code, "params": {}})["params"][name] = value
                else:
                    params[name] = self._value(code, name, value)
            if params.get("late") is None and code == "withdrawn":
                continue  # " (laat)" in another language: another pattern matches
            return code, {**params, **inner}
        return None

    def _value(self, code, name, value):
        if name in ("number", "seconds"):
            return int(value)
        if name in ("old", "new", "mode"):
            return self.modes.get(value.lower(), value)
        if name == "late":
            return True if value in self.late else (False if value == "" else None)
        if name in ("first", "last"):
            day, month, year = (value.split("/") + ["", "", ""])[:3]
            try:
                return date(int(year), int(month), int(day)).isoformat()
            except ValueError:
                return value
        if code == "next_mode" and name == "reason":
            parsed = self.parse(value)
            return {"code": parsed[0], "params": parsed[1]} if parsed else value
        if name == "language":
            for column in ("name_nl", "name_fr", "name_en"):
                row = self.languages.objects.filter(**{column: value}).first()
                if row is not None:
                    return {"nl": row.name_nl, "fr": row.name_fr, "en": row.name_en}
            return dict.fromkeys(LANGUAGES, value)
        return value


def codes_from_text(apps, schema_editor):
    matcher = Matcher(apps)
    StatusChange = apps.get_model("bookings", "StatusChange")
    Withdrawal = apps.get_model("bookings", "Withdrawal")
    for text, code in {"historiek 2017": "history_2017", "geïmporteerd": "imported"}.items():
        StatusChange.objects.filter(note=text, note_code="").update(note_code=code, note="")  # the bulk of history
    for model, prefix in ((StatusChange, "note"), (Withdrawal, "reason")):
        rows = model.objects.exclude(**{prefix: ""}).filter(**{f"{prefix}_code": ""}).only("pk", prefix)
        changed = []
        for row in rows.iterator(chunk_size=BATCH):
            parsed = matcher.parse(getattr(row, prefix))
            if parsed is None:
                continue  # typed by a person, or unknown: shown as it is
            setattr(row, f"{prefix}_code", parsed[0])
            setattr(row, f"{prefix}_params", parsed[1])
            setattr(row, prefix, "")
            changed.append(row)
        model.objects.bulk_update(changed, [f"{prefix}_code", f"{prefix}_params", prefix], batch_size=BATCH)


def text_from_codes(apps, schema_editor):
    """Backwards: the Dutch sentence back into the text field."""
    from bookings.notes import note_render

    with translation.override("nl"):
        for name, prefix in (("StatusChange", "note"), ("Withdrawal", "reason")):
            model = apps.get_model("bookings", name)
            rows = list(model.objects.exclude(**{f"{prefix}_code": ""}))
            for row in rows:
                rendered = note_render(getattr(row, f"{prefix}_code"), getattr(row, f"{prefix}_params"))
                setattr(row, prefix, " · ".join(part for part in (rendered, getattr(row, prefix)) if part))
            model.objects.bulk_update(rows, [prefix], batch_size=BATCH)



class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0017_periodic_run_once_per_period'),
        ('languages', '0002_load_catalogue'),
    ]

    operations = [
        migrations.AddField(
            model_name='statuschange',
            name='note_code',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name='statuschange',
            name='note_params',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='withdrawal',
            name='reason_code',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name='withdrawal',
            name='reason_params',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name='withdrawal',
            name='reason',
            field=models.TextField(blank=True, verbose_name='reden'),
        ),
        migrations.RunPython(codes_from_text, text_from_codes),
    ]
