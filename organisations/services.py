from organisations.models import Membership, Municipality, Organisation, SavedPlace

SESSION_KEY = "organisation_id"


def organisations_of(user):
    return Organisation.objects.filter(memberships__user=user).select_related("municipality__region")


def current_organisation(request) -> Organisation | None:
    """The organisation the user acts for: the one picked in this session, else the first membership."""
    user = request.user
    if not user.is_authenticated:
        return None
    cached = getattr(request, "_current_organisation", False)
    if cached is not False:
        return cached
    organisations = organisations_of(user)
    picked = request.session.get(SESSION_KEY)
    organisation = (organisations.filter(pk=picked).first() if picked else None) or organisations.first()
    request._current_organisation = organisation
    return organisation


def organisation_pick(*, request, organisation_id: int) -> Organisation | None:
    organisation = organisations_of(request.user).filter(pk=organisation_id).first()
    if organisation is not None:
        request.session[SESSION_KEY] = organisation.pk
        request._current_organisation = organisation
    return organisation


def membership_add(*, user, organisation: Organisation) -> Membership:
    membership, _ = Membership.objects.get_or_create(user=user, organisation=organisation)
    return membership


def municipality_for_postcode(postcode: str) -> Municipality | None:
    """A postcode alone locates a place: take its first row."""
    return Municipality.objects.for_postcode(postcode.strip()).select_related("region").first()


SAVED_PLACES_SHOWN = 8


def saved_place_remember(*, organisation: Organisation, address: str, postcode: str, now) -> None:
    """Keep the place of an on-site booking for the organisation's next ones (the most recent first)."""
    address, postcode = address.strip(), postcode.strip()
    if not address or not postcode:
        return
    SavedPlace.objects.update_or_create(
        organisation=organisation, address=address, postcode=postcode, defaults={"last_used_at": now}
    )


def saved_places(organisation: Organisation) -> list[SavedPlace]:
    return list(SavedPlace.objects.filter(organisation=organisation)[:SAVED_PLACES_SHOWN])
