from federation.management.arguments import RoleCommand
from federation.services import revoke_role


class Command(RoleCommand):
    help = (
        "Tar en roll i ett förbund från en användare. Rollen skrivs på svenska "
        "(Administratör, Handläggare, Ekonom, Förtroendevald; också utan å och ö). "
        "Gäller från användarens nästa sidvisning. Förbundets sista Administratör "
        "kan inte tas bort."
    )

    def change(self, user, federation, role) -> str:
        if revoke_role(user, federation, role, reason="manage.py revoke_role"):
            return f"{user.username} har inte längre rollen {role} i {federation}."
        return (
            f"{user.username} har inte rollen {role} i {federation}; ingenting ändrat."
        )
