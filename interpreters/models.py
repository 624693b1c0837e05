from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from languages.models import Language
from organisations.models import Municipality


class Mode(models.TextChoices):
    ON_SITE = "on_site", _("Ter plaatse")
    PHONE = "phone", _("Telefonisch")
    VIDEO = "video", _("Via video")


class Gender(models.TextChoices):
    FEMALE = "f", _("Vrouw")
    MALE = "m", _("Man")
    OTHER = "x", _("X")


class Level(models.TextChoices):
    """Certification, strongest first. `rank` orders them for matching."""

    SWORN = "sworn", _("Beëdigd")
    CERTIFIED = "certified", _("Gecertificeerd")
    TRAINED = "trained", _("Opgeleid")
    NONE = "none", _("Geen")

    @classmethod
    def rank(cls, level: str) -> int:
        return [cls.SWORN, cls.CERTIFIED, cls.TRAINED, cls.NONE].index(level)


class Sector(models.TextChoices):
    WELZIJN = "welzijn", _("Welzijn")
    GEZONDHEID = "gezondheid", _("Gezondheid")
    ONDERWIJS = "onderwijs", _("Onderwijs")
    WERK = "werk", _("Werk")
    JUSTITIE_POLITIE = "justitie-politie", _("Justitie en politie")
    ANDERE = "andere", _("Andere")


class InterpreterQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def offering(self, mode: str):
        return self.filter(**{f"offers_{mode}": True})

    def search(self, text: str):
        """Every word matches a name, the username, the home's postcode or place, or a language held (its code
        or its name in any of the three languages): the planning desk's free search."""
        found = self
        for word in text.split():
            held = LanguageSkill.objects.filter(interpreter=models.OuterRef("pk")).filter(
                Q(language_id=word.lower())
                | Q(language__name_nl__icontains=word)
                | Q(language__name_fr__icontains=word)
                | Q(language__name_en__icontains=word)
            )
            found = found.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(user__username__icontains=word)
                | Q(municipality__postcode=word)
                | Q(municipality__name__icontains=word)
                | models.Exists(held)
            )
        return found


class Interpreter(models.Model):
    """A freelance interpreter and/or translator."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interpreter")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="interpreters", verbose_name=_("woonplaats")
    )
    max_travel_km = models.PositiveIntegerField(_("maximale reisafstand (km)"), default=50)
    offers_on_site = models.BooleanField(_("ter plaatse"), default=True)
    offers_phone = models.BooleanField(_("telefonisch"), default=True)
    offers_video = models.BooleanField(_("via video"), default=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, default=Gender.OTHER)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    sectors = models.JSONField(_("sectoren"), default=list, blank=True, help_text=_("Leeg: alle sectoren"))
    words_per_day = models.PositiveIntegerField(_("vertaalcapaciteit (woorden per dag)"), default=2000)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InterpreterQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("tolk")
        verbose_name_plural = _("tolken")
        constraints = [
            models.CheckConstraint(condition=Q(gender__in=Gender.values), name="interpreter_gender_valid"),
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username

    @property
    def modes(self) -> list[str]:
        return [mode for mode in Mode.values if getattr(self, f"offers_{mode}")]

    def accepts_sector(self, sector: str) -> bool:
        return not self.sectors or sector in self.sectors


class LanguageSkillQuerySet(models.QuerySet):
    def valid_on(self, day, **filters):
        """Skills whose certification is valid on `day` (a date, or an expression such as OuterRef), in one
        filter() call with `filters`."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            **filters,
        )


class LanguageSkill(models.Model):
    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="skills")
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="skills", verbose_name=_("taal"))
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices, default=Level.NONE)
    for_interpreting = models.BooleanField(_("tolken"), default=True)
    for_translation = models.BooleanField(_("vertalen"), default=False)
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)

    objects = LanguageSkillQuerySet.as_manager()

    class Meta:
        verbose_name = _("taalcompetentie")
        verbose_name_plural = _("taalcompetenties")
        constraints = [
            models.UniqueConstraint(fields=["interpreter", "language"], name="skill_unique_language"),
            models.CheckConstraint(condition=Q(level__in=Level.values), name="skill_level_valid"),
            models.CheckConstraint(
                condition=Q(for_interpreting=True) | Q(for_translation=True), name="skill_used_for_something"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="skill_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interpreter} — {self.language_id} ({self.level})"


class WeeklyAvailability(models.Model):
    """Hours an interpreter works on a weekday (0 = Monday). No rows at all means always available."""

    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="weekly_hours")
    weekday = models.PositiveSmallIntegerField(_("weekdag"))
    start_time = models.TimeField(_("van"))
    end_time = models.TimeField(_("tot"))

    class Meta:
        ordering = ["weekday", "start_time"]
        verbose_name = _("wekelijkse beschikbaarheid")
        verbose_name_plural = _("wekelijkse beschikbaarheid")
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="availability_weekday_valid"),
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="availability_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.interpreter_id}: {self.weekday} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class Absence(models.Model):
    """Dated unavailability (holiday, sick day), inclusive of both days."""

    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="absences")
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))
    reason = models.CharField(_("reden"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("afwezigheid")
        verbose_name_plural = _("afwezigheden")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="absence_ordered")]

    def __str__(self) -> str:
        return f"{self.interpreter_id}: {self.starts_on}–{self.ends_on}"


class Presence(models.Model):
    """The interpreter can take a phone or video job right now, until `until` (interpreters/presence.py)."""

    interpreter = models.OneToOneField(Interpreter, on_delete=models.CASCADE, related_name="presence")
    since = models.DateTimeField(_("sinds"))
    until = models.DateTimeField(_("tot"))

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheden")
        indexes = [models.Index(fields=["until"], name="presence_until")]
        constraints = [models.CheckConstraint(condition=Q(until__gt=models.F("since")), name="presence_ordered")]

    def __str__(self) -> str:
        return f"{self.interpreter_id}: {self.since:%H:%M}–{self.until:%H:%M}"
