"""Pages: a requester's webhooks (add, test, rotate the secret, enable, delete) and each one's delivery log with
a redeliver button; staff see every organisation's."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role, user_role
from organisations.services import current_organisation
from webhooks.endpoints import (
    endpoint_create,
    endpoint_delete,
    endpoint_enable,
    endpoint_for,
    endpoint_rotate,
    endpoints_visible,
)
from webhooks.forms import EndpointForm
from webhooks.models import WebhookAttempt, WebhookDelivery
from webhooks.outbox import delivery_redeliver, webhook_ping

LOG_ROWS = 50


def _requester_or_staff(request) -> Role:
    role = user_role(request.user)
    if role not in (Role.REQUESTER, Role.STAFF):
        raise Http404
    return role


def _secret_page(request, endpoint, secret: str):
    return render(request, "webhooks/endpoint_secret.html", {"endpoint": endpoint, "secret": secret})


@login_required
def endpoint_list(request):
    role = _requester_or_staff(request)
    organisation = current_organisation(request) if role == Role.REQUESTER else None
    form = EndpointForm(request.POST or None) if organisation else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            endpoint = endpoint_create(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            return _secret_page(request, endpoint, endpoint.secret)
    endpoints = endpoints_visible(request.user)
    return render(
        request,
        "webhooks/endpoint_list.html",
        {"endpoints": endpoints, "form": form, "organisation": organisation, "is_staff": role == Role.STAFF},
    )


@login_required
def endpoint_detail(request, pk: int):
    _requester_or_staff(request)
    endpoint = endpoint_for(request.user, pk)
    deliveries = endpoint.deliveries.select_related("booking").prefetch_related(
        Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("at", "id"))
    )[:LOG_ROWS]
    return render(request, "webhooks/endpoint_detail.html", {"endpoint": endpoint, "deliveries": deliveries})


@login_required
@require_POST
def endpoint_ping_view(request, pk: int):
    endpoint = endpoint_for(request.user, pk)
    webhook_ping(endpoint=endpoint)
    flash.success(request, _("Een ping is onderweg; het resultaat verschijnt hieronder."))
    return redirect("webhooks:endpoint", pk=pk)


@login_required
@require_POST
def endpoint_rotate_view(request, pk: int):
    endpoint = endpoint_for(request.user, pk)
    return _secret_page(request, endpoint, endpoint_rotate(endpoint=endpoint))


@login_required
@require_POST
def endpoint_enable_view(request, pk: int):
    endpoint = endpoint_for(request.user, pk)
    if endpoint_enable(endpoint=endpoint):
        flash.success(request, _("De webhook is weer ingeschakeld."))
    return redirect("webhooks:endpoint", pk=pk)


@login_required
@require_POST
def endpoint_delete_view(request, pk: int):
    endpoint = endpoint_for(request.user, pk)
    endpoint_delete(endpoint=endpoint)
    flash.success(request, _("De webhook is verwijderd."))
    return redirect("webhooks:endpoints")


@login_required
@require_POST
def delivery_redeliver_view(request, pk: int):
    delivery = get_object_or_404(WebhookDelivery, pk=pk, endpoint__in=endpoints_visible(request.user))
    if delivery_redeliver(delivery=delivery):
        flash.success(request, _("Het bericht wordt opnieuw verstuurd."))
    else:
        flash.warning(request, _("Dit bericht wordt al verstuurd."))
    return redirect("webhooks:endpoint", pk=delivery.endpoint_id)
