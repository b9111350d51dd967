"""The arguments of grant_role and revoke_role, read as an administrator types them."""

import unicodedata

from django.contrib.auth.models import User
from django.core.management.base import CommandError

from federation.models import Federation
from federation.roles import Role


def _folded(text: str) -> str:
    """Lower case without diacritics: "Handläggare" and "handlaggare" are one."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def role_from_name(name: str) -> Role:
    """The role by its Swedish name (the stored value), its code name or its label,
    in any case, with or without å, ä and ö."""
    wanted = _folded(name)
    for role in Role:
        if wanted in {_folded(role.value), _folded(role.name), _folded(role.label)}:
            return role
    raise CommandError(f"Okänd roll: {name!r}. Välj en av: {', '.join(Role.values)}.")


def user_from_username(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(
            f"Det finns ingen användare med användarnamnet {username!r}."
        )
    return user


def federation_from_slug(slug: str) -> Federation:
    federation = Federation.objects.filter(slug=slug).first()
    if federation is None:
        slugs = ", ".join(Federation.objects.values_list("slug", flat=True)) or "inga"
        raise CommandError(
            f"Det finns inget förbund med kortadressen {slug!r}. Förbunden: {slugs}."
        )
    return federation
