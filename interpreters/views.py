"""The interpreter's own profile, weekly hours and absences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from interpreters.forms import ProfileForm
from interpreters.models import Interpreter
from interpreters.services import absence_delete, interpreter_profile_update


def interpreter_for(user) -> Interpreter:
    """The signed-in user's interpreter record; 404 for anyone who is not an interpreter."""
    interpreter = (
        Interpreter.objects.select_related("user", "municipality").filter(user_id=user.pk).first()
        if user.is_authenticated
        else None
    )
    if interpreter is None:
        raise Http404
    return interpreter


@login_required
def profile(request):
    interpreter = interpreter_for(request.user)
    form = ProfileForm(request.POST or None, instance=interpreter)
    if request.method == "POST" and form.is_valid():
        interpreter_profile_update(interpreter=interpreter, **form.profile_fields())
        messages.success(request, _("Je profiel is bewaard."))
        return redirect("interpreters:profile")
    skills = interpreter.skills.select_related("language").order_by("language__name_nl")
    return render(request, "interpreters/profile.html", {"form": form, "interpreter": interpreter, "skills": skills})


@login_required
@require_POST
def absence_remove(request, pk: int):
    interpreter = interpreter_for(request.user)
    absence_delete(absence=get_object_or_404(interpreter.absences, pk=pk))
    messages.success(request, _("Afwezigheid verwijderd."))
    return redirect("interpreter_availability")
