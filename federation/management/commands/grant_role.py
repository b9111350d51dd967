from federation.management.arguments import RoleCommand
from federation.services import grant_role


class Command(RoleCommand):
    help = (
        "Ger en användare en roll i ett förbund. Rollen skrivs på svenska "
        "(Administratör, Handläggare, Ekonom, Förtroendevald; också utan å och ö). "
        "Gäller från användarens nästa sidvisning."
    )

    def change(self, user, federation, role) -> str:
        _, created = grant_role(user, federation, role, reason="manage.py grant_role")
        if created:
            return f"{user.username} har nu rollen {role} i {federation}."
        return (
            f"{user.username} har redan rollen {role} i {federation}; ingenting ändrat."
        )
