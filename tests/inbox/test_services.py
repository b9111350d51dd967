"""Nytt (issue 19.5): inbox.services.post puts one notice for one user in one förbund;
marking read touches only that user's items in that förbund."""

import pytest

from inbox import services
from inbox.models import Item
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_post_stores_one_unread_item(federation):
    user = UserFactory()
    item = services.post(
        user,
        federation=federation,
        kind="kallelse",
        title="Direktion 2026-03-01",
        url="/x/",
    )
    assert item.read_at is None
    assert list(Item.objects.filter(user=user)) == [item]


def test_post_refuses_an_unknown_kind_and_a_foreign_address(federation):
    user = UserFactory()
    with pytest.raises(ValueError, match="kind"):
        services.post(user, federation=federation, kind="spam", title="t", url="/x/")
    for address in ("https://evil/", "//evil/x"):
        with pytest.raises(ValueError, match="address"):
            services.post(
                user, federation=federation, kind="kallelse", title="t", url=address
            )
    assert not Item.objects.exists()


def test_post_many_gives_each_user_one_item(federation):
    first, second = UserFactory(), UserFactory()
    count = services.post_many(
        [first, second, first, None],
        federation=federation,
        kind="supplement",
        title="t",
        url="/x/",
    )
    assert count == 2
    assert Item.objects.filter(user=first).count() == 1


def test_mark_read_touches_only_the_users_items_in_the_federation(
    federation, other_federation
):
    user, other = UserFactory(), UserFactory()
    mine = services.post(
        user, federation=federation, kind="kallelse", title="a", url="/a/"
    )
    elsewhere = services.post(
        user, federation=other_federation, kind="kallelse", title="b", url="/b/"
    )
    theirs = services.post(
        other, federation=federation, kind="kallelse", title="c", url="/c/"
    )

    assert services.mark_read(user, federation, item_id=theirs.pk) == 0
    assert services.mark_read(user, federation) == 1

    mine.refresh_from_db()
    elsewhere.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert elsewhere.read_at is None
    assert theirs.read_at is None
