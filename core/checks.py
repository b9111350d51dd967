"""Deployment checks of our own (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs) -> list[Warning]:
    """Page parts live in the cache with their förbund's version (federation.cache):
    with a cache of each process's own, a change would replace the version in one
    process only and the others would show the old page. Production needs a shared
    cache, Redis at CACHE_URL."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or not backend.endswith("LocMemCache"):
        return []
    return [
        Warning(
            "The cache is local to each process.",
            hint="Set CACHE_URL to a Redis shared by every web and worker process: "
            "the cached pages and their versions are kept there.",
            id="core.W001",
        )
    ]
