"""Request-wide safety nets: a database outage page and session timeouts.

Core imports no domain app; both middlewares work on any request.
"""

import contextlib
import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """A lost database answers 503 with a Swedish page, not a traceback or a 500.

    The page is rendered without a request context: the context processors query
    the database that is gone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if is_contention(exception):
            return None
        return database_unavailable(request, exception)


def database_unavailable(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The Swedish 503 page; also for a middleware whose own query failed."""
    logger.error("Database unavailable for %s: %s", request.path, exception)
    response = HttpResponse(render_to_string("core/503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def is_contention(exception: Exception) -> bool:
    """Deadlocks, serialization failures, lock and statement timeouts are
    OperationalErrors too, but not an outage: they stay errors (SQLSTATE 40, 55,
    57014) so that they are seen and fixed."""
    sqlstate = getattr(exception.__cause__, "sqlstate", None) or ""
    return sqlstate[:2] in {"40", "55"} or sqlstate == "57014"


class UploadSizeLimitMiddleware:
    """Refuse a request body over MAX_UPLOAD_MB (plus room for the form's other
    fields) with 413, from its Content-Length, before a byte of it is read.

    Django would otherwise stream the whole body to a temporary file before any
    view can look at the file's size.
    """

    FORM_ROOM = 1024 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_UPLOAD_MB * 1024 * 1024 + self.FORM_ROOM
        if length > limit:
            logger.warning("Refused a %s byte body for %s", length, request.path)
            body = render_to_string("core/413.html", {"mb": settings.MAX_UPLOAD_MB})
            response = HttpResponse(body, status=413)
            response["Connection"] = "close"  # do not read the rest of the body
            return response
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """Log out after SESSION_IDLE_TIMEOUT seconds without a request, and after
    SESSION_COOKIE_AGE seconds since the login whatever the activity.

    Writing the last-seen time renews the cookie's expiry, so the absolute limit is
    kept here, from the session's first authenticated request. The last-seen time is
    written at most once a minute: a busy page does not write the session each time.
    """

    KEY = "last_seen"
    STARTED = "session_started"
    WRITE_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A lost database: the view fails the same way and answers 503.
        with contextlib.suppress(DatabaseError):
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        now = int(time.time())
        session = request.session
        last_seen = session.get(self.KEY)
        started = session.setdefault(self.STARTED, now)
        if (
            last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT
        ) or now - started > settings.SESSION_COOKIE_AGE:
            logout(request)  # flushes the server-side session
        elif last_seen is None or now - last_seen >= self.WRITE_EVERY:
            session[self.KEY] = now


def start_session_clock(sender, request, user, **kwargs) -> None:
    """At login (user_logged_in): both clocks start, so the next request writes
    nothing."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SessionTimeoutMiddleware.STARTED] = now
        request.session[SessionTimeoutMiddleware.KEY] = now
