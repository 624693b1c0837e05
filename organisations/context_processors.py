from accounts.roles import user_role
from organisations.services import current_organisation


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"role": user_role(user), "current_organisation": current_organisation(request)}
