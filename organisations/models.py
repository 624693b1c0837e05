from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("naam"), max_length=60)

    class Meta:
        ordering = ["code"]
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def for_postcode(self, postcode: str):
        return self.filter(postcode=postcode).order_by("id")


class Municipality(models.Model):
    """A bpost postal place: several places can share one postcode."""

    postcode = models.CharField(_("postcode"), max_length=4, db_index=True)
    name = models.CharField(_("naam"), max_length=80)
    latitude = models.FloatField()
    longitude = models.FloatField()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["postcode", "name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        constraints = [models.UniqueConstraint(fields=["postcode", "name"], name="municipality_unique_place")]

    def __str__(self) -> str:
        return f"{self.postcode} {self.name}"


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Gemeente")
    OCMW = "ocmw", _("OCMW")
    CAW = "caw", _("CAW")
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Ziekenhuis")
    POLICE = "police", _("Politie")
    OTHER = "other", _("Andere")


# The sector a new booking starts with, by the kind of organisation (the requester can change it; the sector of
# the organisation's last booking wins over this).
SECTOR_BY_KIND = {
    "municipality": "welzijn",
    "ocmw": "welzijn",
    "caw": "welzijn",
    "school": "onderwijs",
    "hospital": "gezondheid",
    "police": "justitie-politie",
    "other": "andere",
}


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_region(self, region_code: str):
        return self.filter(municipality__region__code=region_code)


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("gemeente")
    )
    address = models.CharField(_("adres"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="organisations")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        constraints = [
            models.UniqueConstraint(fields=["name", "municipality"], name="organisation_unique_name_per_place"),
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def region(self) -> Region:
        return self.municipality.region


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class SavedPlace(models.Model):
    """A place where an organisation's on-site jobs happen, remembered so that the next booking picks it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="saved_places")
    address = models.CharField(_("adres"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=4)
    last_used_at = models.DateTimeField(_("laatst gebruikt"))

    class Meta:
        ordering = ["-last_used_at", "pk"]
        verbose_name = _("bewaarde plaats")
        verbose_name_plural = _("bewaarde plaatsen")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "address", "postcode"], name="saved_place_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.address}, {self.postcode}"
