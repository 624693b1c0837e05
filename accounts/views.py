from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.forms import NotificationPreferencesForm
from accounts.preferences import OPTIONAL_NOTIFICATIONS
from accounts.roles import profile_for
from accounts.services import notification_preferences_set


@login_required
def notification_preferences(request):
    profile = profile_for(request.user)
    initial = {
        "language": profile.language,
        "wanted": [kind for kind in OPTIONAL_NOTIFICATIONS if kind not in profile.notifications_off],
    }
    form = NotificationPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        notification_preferences_set(
            user=request.user, wanted=form.cleaned_data["wanted"], language=form.cleaned_data["language"]
        )
        messages.success(request, _("Je voorkeuren zijn bewaard."))
        return redirect("accounts:notifications")
    return render(request, "accounts/notifications.html", {"form": form})
