"""The navigation: links by the roles granted in the federation of the URL."""

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .permissions import roles_in
from .roles import STAFF_ROLES, Role

# (label, URL name, roles that see it; None: everyone, PUBLIC: those without a role).
# A link whose view is not there yet is left out.
PUBLIC = ("public",)
NAV_ITEMS = [
    (_("My meetings"), "meetings:my_meetings", (Role.FORTROENDEVALD, *STAFF_ROLES)),
    (_("My notes"), "notes:mine", (Role.FORTROENDEVALD,)),
    (_("Meetings"), "meetings:meeting_list", STAFF_ROLES),
    # Politicians read ärenden and the diarium too (never sekretess: cases.selectors).
    (
        _("Cases"),
        "cases:case_list",
        (Role.ADMINISTRATOR, Role.HANDLAGGARE, Role.FORTROENDEVALD),
    ),
    (
        _("Diarium"),
        "cases:diarium",
        (Role.ADMINISTRATOR, Role.HANDLAGGARE, Role.FORTROENDEVALD),
    ),
    (_("Bodies"), "federation:bodies", (*STAFF_ROLES, Role.FORTROENDEVALD)),
    (_("Members"), "federation:members", (*STAFF_ROLES, Role.FORTROENDEVALD)),
    (_("Persons"), "federation:persons", STAFF_ROLES),
    (_("Agreements"), "agreements:agreement_list", (*STAFF_ROLES, Role.FORTROENDEVALD)),
    (_("Follow-up"), "followup:index", (*STAFF_ROLES, Role.FORTROENDEVALD)),
    (_("Finance"), "finance:index", (Role.EKONOM, Role.ADMINISTRATOR)),
    (_("Allowance basis"), "arvode:index", (Role.EKONOM, Role.ADMINISTRATOR)),
    (_("Anslagstavla"), "minutes:anslagstavla", None),
    # The public pages, for a reader without a role in the förbund.
    (_("Meetings"), "public:calendar", PUBLIC),
    (_("Minutes"), "public:protokoll", PUBLIC),
    (_("Search"), "public:search", PUBLIC),
    (_("Permissions"), "federation:roles", (Role.ADMINISTRATOR,)),
    (_("Officials"), "federation:officials", (Role.ADMINISTRATOR,)),
    (_("Settings"), "federation:settings", (Role.ADMINISTRATOR,)),
]


def navigation(request: HttpRequest) -> dict:
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("federation") if match else None
    if not slug:
        return {"nav_items": [], "nav_federation_slug": None}
    user = request.user
    federation = getattr(request, "federation", None)
    names = roles_in(user, federation) if federation else frozenset()
    items = []
    for label, url_name, roles in NAV_ITEMS:
        if roles is PUBLIC:
            visible = not names
        else:
            visible = (
                roles is None or user.is_superuser or bool(names.intersection(roles))
            )
        if not visible:
            continue
        try:
            url = reverse(url_name, kwargs={"federation": slug})
        except NoReverseMatch:
            continue
        items.append(
            {"label": label, "url": url, "current": request.path.startswith(url)}
        )
    return {"nav_items": items, "nav_federation_slug": slug}
