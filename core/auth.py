"""The login backend: Django's, with the user of a session read from the cache."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User

from . import fragments


class CachingModelBackend(ModelBackend):
    """Every authenticated request looks its user up by the session's user id.

    The user row is cached in the "access" scope, which any save of a user bumps
    (FederationConfig.ready), so a deactivated account or a changed password (the
    session hash) takes effect on the next request.
    """

    def get_user(self, user_id):
        user = fragments.cached(
            "access",
            ("auth-user", user_id),
            lambda: User._default_manager.filter(pk=user_id).first(),
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        return user
