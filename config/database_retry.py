"""A request that meets a lost database connection runs again for a few seconds instead of answering 503.

During a PostgreSQL restart (or a failover) a request fails in one of two ways: the connection is refused
while the server is down, or the query in flight is cut. Both end in handler500's 503 (config/views.py). This
middleware, outermost, sees that 503 and runs the request again after a short pause, until it succeeds or
DATABASE_RETRY_SECONDS have passed, so a restart of a second or two is a slower answer, not an error.

Running a request again is safe only when nothing of its first run was committed. GET and HEAD change nothing
that matters (an audit line of a page view may be written twice). Any other method is run again only when no
statement that writes was committed: the watch below sees every statement; one outside a transaction commits at
once, one inside a transaction registers an on_commit that only a successful commit runs. A request whose body
is a file upload (multipart) is not kept in memory and so is never run again. /health/ answers for itself.
"""

import time

from django.conf import settings
from django.db import close_old_connections, connection

PAUSE_SECONDS = 0.25
READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET ", "SHOW")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class CommitWatch:
    """A connection execute wrapper that notes whether a writing statement was committed."""

    def __init__(self):
        self.committed = False

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not sql.lstrip().upper().startswith(READS):
            database = context["connection"]
            if database.in_atomic_block:
                database.on_commit(self.mark)
            else:
                self.mark()
        return result

    def mark(self):
        self.committed = True


def replayable(request) -> bool:
    if request.path == "/health/":
        return False
    if request.method in SAFE_METHODS:
        return True
    if request.content_type == "multipart/form-data":
        return False
    _ = request.body  # read and kept, so that a second run parses the same bytes (Django and DRF reuse it)
    return True


class DatabaseRetryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replayable(request):
            return self.get_response(request)
        deadline = time.monotonic() + settings.DATABASE_RETRY_SECONDS
        while True:
            watch = CommitWatch()
            with connection.execute_wrapper(watch):
                response = self.get_response(request)
            if not getattr(response, "database_unavailable", False) or time.monotonic() > deadline:
                return response
            if watch.committed and request.method not in SAFE_METHODS:
                return response
            close_old_connections()  # the broken connection is dropped; the next query connects anew
            time.sleep(PAUSE_SECONDS)
