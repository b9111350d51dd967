"""Deployment checks of our own (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs) -> list[Warning]:
    """Sessions, access and page parts live in the cache (core.fragments): with a
    cache of each process's own, a logout or a revoked role would reach only one of
    them. Production needs a shared cache, Redis at CACHE_URL."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or not backend.endswith("LocMemCache"):
        return []
    return [
        Warning(
            "The cache is local to each process.",
            hint="Set CACHE_URL to a Redis shared by every web and worker process: "
            "sessions, roles and cached pages are kept there.",
            id="core.W001",
        )
    ]
