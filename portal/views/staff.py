"""The staff planning desk: a booking's candidates with their reasons and offers, the free search of any
interpreter with the rules each fails, assigning by hand (with an override reason outside the candidates),
offering to a hand-picked list, re-opening matching, withdrawing an assignment, and the list of all bookings.
The queue and the dispatch view are in staff_queue.py.

Staff only: anyone else gets 403 (and the login page when not logged in).
"""

from dataclasses import dataclass
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bookings.audit import AuditAction, audit_for, audit_record
from bookings.models import Booking, Kind, Offer, Status
from config.widgets import DateInput
from interpreters.models import Interpreter, Mode
from matching.candidates import candidates_for, exclusions_for, rule_failures
from matching.rounds import booking_reopen, offers_to_chosen
from organisations.models import Region
from portal.services import (
    booking_assign,
    booking_unassign,
    booking_withdrawals,
    late_withdrawal_counts,
    series_split,
)
from portal.threads import thread_of

PAGE_SIZE = 50
DESK_CANDIDATES = 25
SEARCH_LIMIT = 25  # a common language over video can have hundreds; the best ones are what staff need


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied(_("Deze pagina is voor medewerkers van het agentschap."))
        return view(request, *args, **kwargs)

    return wrapper


class AssignForm(forms.Form):
    interpreter = forms.ModelChoiceField(queryset=Interpreter.objects.filter(is_active=True), widget=forms.HiddenInput)
    # assigning someone who fails a requirement needs a reason; it is logged in the history (matching/wishes.py)
    override_reason = forms.CharField(max_length=500, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reden"), max_length=500)


def _get_booking(pk) -> Booking:
    return get_object_or_404(
        Booking.objects.for_lists().select_related("organisation__municipality__region", "preferred_interpreter__user"),
        pk=pk,
    )


class InterpreterSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Zoek een tolk op naam, taal of postcode"), max_length=100, required=False)


class OfferChosenForm(forms.Form):
    interpreters = forms.ModelMultipleChoiceField(queryset=Interpreter.objects.filter(is_active=True))


@dataclass
class SearchResult:
    interpreter: Interpreter
    failures: list[str]  # the hard rules this interpreter fails for the booking (none: a candidate)
    offer: Offer | None


def _offer_state(candidates, offers: dict[int, Offer]) -> None:
    """Each candidate's offer for this booking, if any (open, declined, expired...), and phone number (left out of
    matching's query: one query for the shown ones)."""
    phones = dict(Interpreter.objects.filter(pk__in=[c.interpreter.pk for c in candidates]).values_list("pk", "phone"))
    for candidate in candidates:
        candidate.offer = offers.get(candidate.interpreter.pk)
        candidate.phone = phones.get(candidate.interpreter.pk, "")


def _search(booking: Booking, form: InterpreterSearchForm, offers: dict[int, Offer], now) -> list[SearchResult]:
    if not form.is_valid() or not form.cleaned_data["q"].strip():
        return []
    found = Interpreter.objects.active().search(form.cleaned_data["q"]).select_related("user", "municipality")
    people = list(found.prefetch_related("skills__language").order_by("user__last_name", "pk")[:SEARCH_LIMIT])
    failures = rule_failures(booking, people, now=now)
    return [SearchResult(person, failures[person.pk], offers.get(person.pk)) for person in people]


@staff_required
def booking_desk(request, pk):
    booking = _get_booking(pk)
    audit_record(booking=booking, user=request.user, action=AuditAction.VIEWED)
    now = timezone.now()
    waiting = booking.status in Status.open_values()
    # those who already hold or declined the offer are candidates too, shown with their offer's state
    candidates = candidates_for(booking, now=now, offered=False) if waiting else []
    offers = list(booking.offers.select_related("interpreter__user").order_by("round_number", "rank"))
    offer_of = {offer.interpreter_id: offer for offer in offers}
    shown = candidates[:DESK_CANDIDATES]
    _offer_state(shown, offer_of)
    search = InterpreterSearchForm(request.GET or None)
    late = late_withdrawal_counts([c.interpreter.pk for c in shown]) if shown else {}
    for candidate in shown:
        candidate.late_withdrawals = late.get(candidate.interpreter.pk, 0)
    context = {
        "booking": booking,
        "waiting": waiting,
        "candidates": shown,
        "candidate_count": len(candidates),
        "exclusions": exclusions_for(booking, now=now) if waiting else [],
        "offers": offers,
        "search_form": search,
        "search_results": _search(booking, search, offer_of, now) if waiting else [],
        "history": booking.history.select_related("by"),
        "thread": thread_of(booking),
        "audit": audit_for(booking),
        "unassign_form": ReasonForm(),
        "mode_options": booking.mode_options.all(),
        "withdrawals": booking_withdrawals(booking),
    }
    return render(request, "bookings/staff/booking_desk.html", context)


@staff_required
def booking_offer_view(request, pk):
    """Offer the job to the planner's hand-picked interpreters (matching/rounds.py offers_to_chosen)."""
    if request.method != "POST":
        return redirect("staff_booking_desk", pk=pk)
    booking = _get_booking(pk)
    form = OfferChosenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies minstens één tolk."))
        return redirect("staff_booking_desk", pk=pk)
    chosen = list(form.cleaned_data["interpreters"])
    try:
        offers = offers_to_chosen(booking=booking, interpreters=chosen, by=request.user)
    except ValidationError as error:
        messages.error(request, _form_errors(error))
        return redirect("staff_booking_desk", pk=pk)
    offered = {offer.interpreter_id for offer in offers}
    names = ", ".join(str(offer.interpreter) for offer in offers)
    messages.success(request, _("Aanbod verstuurd naar %(names)s.") % {"names": names})
    skipped = [str(person) for person in chosen if person.pk not in offered]
    if skipped:
        messages.warning(
            request,
            _("Niet aangeboden (kreeg het al of voldoet niet aan de regels): %(names)s")
            % {"names": ", ".join(skipped)},
        )
    return redirect("staff_booking_desk", pk=pk)


def _form_errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@staff_required
def booking_assign_view(request, pk):
    if request.method != "POST":
        return redirect("staff_booking_desk", pk=pk)
    booking = _get_booking(pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een tolk."))
        return redirect("staff_booking_desk", pk=pk)
    interpreter = form.cleaned_data["interpreter"]
    try:
        booking_assign(
            booking=booking,
            interpreter=interpreter,
            by=request.user,
            by_planning=True,
            override_reason=form.cleaned_data["override_reason"],
        )
    except ValidationError as error:
        messages.error(request, _form_errors(error))
    else:
        messages.success(request, _("%(name)s is toegewezen.") % {"name": interpreter})
    return redirect("staff_booking_desk", pk=pk)


@staff_required
def booking_reopen_view(request, pk):
    if request.method != "POST":
        return redirect("staff_booking_desk", pk=pk)
    booking = _get_booking(pk)
    try:
        offers = booking_reopen(booking=booking, by=request.user)
    except ValidationError as error:
        messages.error(request, _form_errors(error))
    else:
        if offers:
            messages.success(request, _("Nieuwe ronde: %(count)d tolken aangeschreven.") % {"count": len(offers)})
        else:
            messages.warning(request, _("Geen nieuwe ronde: er loopt nog een ronde of er zijn geen kandidaten."))
    return redirect("staff_booking_desk", pk=pk)


@staff_required
def booking_unassign_view(request, pk):
    if request.method != "POST":
        return redirect("staff_booking_desk", pk=pk)
    booking = _get_booking(pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            booking_unassign(booking=booking, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, _form_errors(error))
        else:
            messages.success(request, _("De toewijzing is ingetrokken; we zoeken opnieuw."))
    else:
        messages.error(request, _("Geef een reden."))
    return redirect("staff_booking_desk", pk=pk)


@staff_required
def series_split_view(request, pk):
    if request.method != "POST":
        return redirect("staff_booking_desk", pk=pk)
    booking = _get_booking(pk)
    try:
        series_split(booking=booking, by=request.user)
    except ValidationError as error:
        messages.error(request, _form_errors(error))
    else:
        messages.success(request, _("De reeks is opgesplitst: elke datum wordt apart aangeboden."))
    return redirect("staff_booking_desk", pk=pk)


class BookingFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=[("", "—"), *Status.choices], required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Soort"), choices=[("", "—"), *Kind.choices], required=False)
    mode = forms.ChoiceField(label=gettext_lazy("Modus"), choices=[("", "—"), *Mode.choices], required=False)
    language = forms.CharField(label=gettext_lazy("Taalcode"), max_length=3, required=False)
    region = forms.ModelChoiceField(label=gettext_lazy("Regio"), queryset=Region.objects.all(), required=False)
    starts_from = forms.DateField(label=gettext_lazy("Vanaf"), required=False, widget=DateInput())
    starts_until = forms.DateField(label=gettext_lazy("Tot en met"), required=False, widget=DateInput())
    reference = forms.CharField(label=gettext_lazy("Referentie"), max_length=40, required=False)

    def filter(self, bookings):
        data = self.cleaned_data
        for name in ("status", "kind", "mode"):
            if data.get(name):
                bookings = bookings.filter(**{name: data[name]})
        if data.get("language"):
            bookings = bookings.filter(language_id=data["language"].strip().lower())
        if data.get("region"):
            bookings = bookings.filter(organisation__municipality__region=data["region"])
        if data.get("starts_from"):
            bookings = bookings.filter(starts_at__date__gte=data["starts_from"])
        if data.get("starts_until"):
            bookings = bookings.filter(starts_at__date__lte=data["starts_until"])
        if data.get("reference"):
            bookings = bookings.filter(reference__icontains=data["reference"].strip())
        return bookings


@staff_required
def booking_list(request):
    form = BookingFilterForm(request.GET or None)
    bookings = Booking.objects.for_lists().select_related("organisation__municipality__region").order_by("-starts_at")
    if form.is_bound and form.is_valid():
        bookings = form.filter(bookings)
    elif form.is_bound:
        bookings = bookings.none()
    page = Paginator(bookings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "bookings/staff/booking_list.html", {"form": form, "page": page, "query": query.urlencode()})


urlpatterns = [
    path("staff/bookings/", booking_list, name="staff_booking_list"),
    path("staff/bookings/<int:pk>/", booking_desk, name="staff_booking_desk"),
    path("staff/bookings/<int:pk>/", booking_desk, name="staff_booking_detail"),  # the name notifications links to
    path("staff/bookings/<int:pk>/assign/", booking_assign_view, name="staff_booking_assign"),
    path("staff/bookings/<int:pk>/offer/", booking_offer_view, name="staff_booking_offer"),
    path("staff/bookings/<int:pk>/reopen/", booking_reopen_view, name="staff_booking_reopen"),
    path("staff/bookings/<int:pk>/unassign/", booking_unassign_view, name="staff_booking_unassign"),
    path("staff/bookings/<int:pk>/split-series/", series_split_view, name="staff_series_split"),
]
