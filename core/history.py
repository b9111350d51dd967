"""Who made a change and why, on every history row (django-simple-history): the one
way a service saves or deletes a row with a user and a reason."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Model


def mark(obj: Model, *, by: AbstractBaseUser | None, reason: str) -> Model:
    """Name the user and the reason for the next history row of `obj` (a save to
    come, or a many-to-many change, which writes its history through the row)."""
    # django-simple-history reads these two off any model instance it records.
    obj._history_user = by  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    return obj


def save(
    obj: Model, *, by: AbstractBaseUser | None, reason: str, **save_kwargs
) -> None:
    mark(obj, by=by, reason=reason).save(**save_kwargs)


def delete(obj: Model, *, by: AbstractBaseUser | None, reason: str) -> None:
    mark(obj, by=by, reason=reason).delete()
