from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class LanguageQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_choices(self):
        """Commonly requested languages first, then the rest, each alphabetically in Dutch."""
        return self.active().order_by("-is_common", "name_nl")

    def common(self):
        """The service's list: the commonly requested active languages, by their name in the active language."""
        return self.active().filter(is_common=True).order_by(Language.name_column(), "code")


class Language(models.Model):
    """An ISO 639-3 language. Names come from pycountry (en, fr, nl) and data/languages.csv, aliases from
    data/aliases.csv."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name_nl = models.CharField(_("naam (nl)"), max_length=120)
    name_fr = models.CharField(_("naam (fr)"), max_length=120)
    name_en = models.CharField(_("naam (en)"), max_length=120)
    is_common = models.BooleanField(_("vaak gevraagd"), default=False)
    is_active = models.BooleanField(_("actief"), default=True)
    # Every name and alias, normalized, between bars (languages/reference_data.py, languages/search.py).
    search_text = models.TextField(_("zoektermen"), blank=True, default="", editable=False)

    objects = LanguageQuerySet.as_manager()

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("taal")
        verbose_name_plural = _("talen")
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[a-z]{3}$"), name="language_code_iso639_3")
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def name_column() -> str:
        """The column holding the name in the active language (Dutch when it is neither French nor English)."""
        return {"fr": "name_fr", "en": "name_en"}.get((get_language() or "nl")[:2], "name_nl")

    @property
    def name(self) -> str:
        return getattr(self, self.name_column())
