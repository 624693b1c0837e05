from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.services import organisation_pick


@login_required
@require_POST
def pick_organisation(request):
    try:
        organisation_id = int(request.POST.get("organisation", ""))
    except ValueError:
        organisation_id = 0
    organisation = organisation_pick(request=request, organisation_id=organisation_id)
    if organisation is None:
        messages.error(request, _("Je bent geen lid van die organisatie."))
    else:
        messages.success(request, _("Je werkt nu voor %(name)s.") % {"name": organisation.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "dashboard"
    return redirect(target)
