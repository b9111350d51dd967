"""The address of the client behind our own reverse proxies.

Each proxy appends the address it received the request from to X-Forwarded-For, so
with N proxies in front of gunicorn the client is the N-th entry from the right: the
entries further left are whatever the client sent and prove nothing. With
TRUSTED_PROXY_COUNT = 0 (the default) the header is ignored and REMOTE_ADDR is used.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < count:
        # Not through every proxy: nothing in the header can be trusted.
        return remote
    try:
        return str(ipaddress.ip_address(_without_port(forwarded[-count])))
    except ValueError:
        return remote


def _without_port(entry: str) -> str:
    """Some load balancers write "203.0.113.7:51234" or "[2001:db8::1]:51234"."""
    if entry.startswith("["):
        return entry[1:].partition("]")[0]
    if entry.count(":") == 1:
        return entry.partition(":")[0]
    return entry
