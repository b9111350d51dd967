"""Deployment checks of our own (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from core import seal


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs) -> list[Warning]:
    """Page parts live in the cache with their förbund's version (federation.cache):
    with a cache of each process's own, a change would replace the version in one
    process only and the others would show the old page. Production needs a shared
    cache, Redis at CACHE_URL."""
    backend = str(settings.CACHES["default"]["BACKEND"])
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


@register(deploy=True)
def seal_configured(app_configs, **kwargs) -> list[Warning]:
    """Stored PDFs carry a seal only when one is configured for their förbund or the
    installation (core.seal); without it they are stored unsealed and the
    verification page cannot vouch for them."""
    if seal.is_configured():
        return []
    if seal.federation_seal_files():
        return [
            Warning(
                "Only some förbund have a seal: the documents of the others are "
                "stored unsealed.",
                hint="Set SEAL_PKCS12_PATH (and SEAL_PKCS12_PASSWORD) to the "
                "installation's seal, which every förbund without a <slug>.p12 in "
                "SEAL_DIR uses; see docs/operations.md, 'Seal'.",
                id="core.W003",
            )
        ]
    return [
        Warning(
            "No seal is configured: stored PDFs are not sealed.",
            hint="Set SEAL_PKCS12_PATH (and SEAL_PKCS12_PASSWORD) to the PKCS#12 "
            "of the seal certificate, and a förbund's own in SEAL_DIR; see "
            "docs/operations.md, 'Seal'.",
            id="core.W002",
        )
    ]


@register()
def seal_loads(app_configs, **kwargs) -> list[Error]:
    """A configured seal that cannot be loaded would fail every PDF build of its
    förbund (or of all that use the installation's); an earlier certificate that
    cannot be loaded, is a CA's or is configured for two owners is not trusted."""
    return [Error(problem, id="core.E002") for problem in seal.configuration_problems()]
