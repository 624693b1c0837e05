"""Pages, one module per role: requester.py, interpreter.py, staff.py. `/` sends each role to its own."""

from django.contrib.auth.decorators import login_required

from accounts.roles import Role, user_role
from portal.views import interpreter, requester, staff_queue


@login_required
def dashboard(request):
    role = user_role(request.user)
    if role == Role.STAFF:
        return staff_queue.dashboard(request)
    if role == Role.INTERPRETER:
        return interpreter.dashboard(request)
    return requester.dashboard(request)
