import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from federation.models import Assignment, Member
from tests.factories import AssignmentFactory, BodyFactory, MemberFactory, PersonFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def body(federation):
    return BodyFactory(
        federation=federation, short_name="Direktion", name="Direktionen"
    )


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


# The dashboard shares its address with the public front page (test_front.py).
READ_PAGES = [
    "federation:members",
    "federation:bodies",
    "federation:persons",
]


@pytest.mark.parametrize("url_name", READ_PAGES)
@pytest.mark.parametrize(
    ("role", "expected"),
    [("chef", 200), ("handlaggare", 200), ("ekonom", 200), ("outsider", 404)],
)
def test_register_pages_by_role(
    client, role_users, federation, url_name, role, expected
):
    url = reverse(url_name, args=[federation.slug])

    response = _get(client, role_users[role], url)

    assert response.status_code == expected


def test_person_page_shows_contact_details_to_staff_only(client, chef, ledamot, body):
    seat = AssignmentFactory(body=body, person__email="ulla@example.se")
    url = reverse("federation:person", args=[body.federation.slug, seat.person.pk])

    as_ledamot = _get(client, ledamot, url)
    as_chef = _get(client, chef, url)

    assert b"ulla@example.se" not in as_ledamot.content
    assert b"mailto:ulla@example.se" in as_chef.content


@pytest.mark.parametrize("url_name", READ_PAGES)
def test_register_pages_send_anonymous_to_login(client, federation, url_name):
    url = reverse(url_name, args=[federation.slug])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_members_page_separates_adjungerade(client, chef, federation):
    MemberFactory(federation=federation, name="Borås Stad", kommunkod="1490")
    MemberFactory(
        federation=federation,
        name="Varbergs kommun",
        kommunkod="1383",
        status=Member.Status.ADJUNGERAD,
    )

    response = _get(client, chef, reverse("federation:members", args=[federation.slug]))

    assert [m.name for m in response.context["members"]] == ["Borås Stad"]
    assert [m.name for m in response.context["adjungerade"]] == ["Varbergs kommun"]


def test_body_page_shows_composition_on_chosen_date(client, ledamot, body):
    gone = AssignmentFactory(body=body, valid_to=D(2024, 2, 29))
    chair = AssignmentFactory(body=body, role="ordforande")
    url = reverse("federation:body", args=[body.federation.slug, body.pk])

    response = _get(client, ledamot, f"{url}?datum=2024-03-01")
    earlier = client.get(f"{url}?datum=2024-02-01")

    assert response.context["composition"].beslutande == [chair]
    assert earlier.context["composition"].beslutande == [chair, gone]
    assert chair.person.full_name in response.content.decode()


def test_body_page_of_other_federation_is_404(client, chef, other_federation):
    foreign = BodyFactory(federation=other_federation)

    response = _get(
        client, chef, reverse("federation:body", args=["testforbund", foreign.pk])
    )

    assert response.status_code == 404


def test_body_page_query_count_does_not_grow_with_seats(
    client, chef, body, django_assert_num_queries
):
    url = reverse("federation:body", args=[body.federation.slug, body.pk])
    AssignmentFactory(body=body)
    client.force_login(chef)
    client.get(url)
    cache.clear()  # measured cold: the rendering path, not the cache
    with django_assert_num_queries(10) as one:
        client.get(url)
    AssignmentFactory.create_batch(3, body=body)
    cache.clear()  # measured cold: the rendering path, not the cache
    with django_assert_num_queries(10) as many:
        client.get(url)

    assert len(one.captured_queries) == len(many.captured_queries)


def test_person_list_query_count_does_not_grow_with_rows(
    client, chef, federation, django_assert_num_queries
):
    url = reverse("federation:persons", args=[federation.slug])
    AssignmentFactory(body__federation=federation)
    client.force_login(chef)
    client.get(url)
    cache.clear()  # measured cold: the rendering path, not the cache
    with django_assert_num_queries(6) as one:
        client.get(url)
    AssignmentFactory.create_batch(3, body__federation=federation)
    cache.clear()  # measured cold: the rendering path, not the cache
    with django_assert_num_queries(6) as many:
        client.get(url)

    assert len(one.captured_queries) == len(many.captured_queries)


@pytest.mark.parametrize(
    ("role", "expected"), [("handlaggare", 403), ("ekonom", 403), ("ledamot", 403)]
)
def test_assignment_form_is_for_administrators(
    client, role_users, body, role, expected
):
    url = reverse("federation:assignment_add", args=[body.federation.slug, body.pk])

    response = _get(client, role_users[role], url)

    assert response.status_code == expected


def test_chef_adds_assignment(client, chef, body, federation):
    person = PersonFactory(federation=federation)
    client.force_login(chef)
    url = reverse("federation:assignment_add", args=[federation.slug, body.pk])

    response = client.post(
        url,
        {
            "person": person.pk,
            "role": "ledamot",
            "valid_from": "2024-01-01",
            "valid_to": "",
        },
    )

    assert response.status_code == 302
    seat = Assignment.objects.get(person=person)
    assert (seat.body, seat.role, seat.valid_from) == (body, "ledamot", D(2024, 1, 1))
    assert seat.history.first().history_user == chef


def test_overlapping_assignment_shows_swedish_message_and_stores_nothing(
    client, chef, body, federation
):
    seat = AssignmentFactory(body=body)
    client.force_login(chef)
    url = reverse("federation:assignment_add", args=[federation.slug, body.pk])

    response = client.post(
        url, {"person": seat.person.pk, "role": "ersattare", "valid_from": "2024-01-01"}
    )

    assert response.status_code == 200
    assert "överlappar" in response.content.decode()
    assert Assignment.objects.count() == 1


def test_chef_makes_fyllnadsval(client, chef, body, federation):
    old = AssignmentFactory(body=body, role="adj_ledamot")
    successor = PersonFactory(federation=federation)
    client.force_login(chef)
    url = reverse("federation:fill_vacancy", args=[federation.slug, old.pk])

    response = client.post(
        url,
        {
            "successor": successor.pk,
            "starts_on": "2024-03-01",
            "decision": "Direktionen 2024-03-01 § 4",
        },
    )

    assert response.status_code == 302
    old.refresh_from_db()
    assert old.valid_to == D(2024, 2, 29)
    assert old.replaced_by.person == successor


def test_person_page_lists_past_and_current_uppdrag(client, chef, body):
    past = AssignmentFactory(
        body=body, valid_from=D(2019, 1, 1), valid_to=D(2022, 12, 31)
    )
    current = AssignmentFactory(
        body=body, person=past.person, valid_from=D(2023, 1, 1), valid_to=None
    )
    url = reverse("federation:person", args=[body.federation.slug, past.person.pk])

    response = _get(client, chef, url)

    assert response.context["past"] == [past]
    assert response.context["current"] == [current]


def test_navigation_by_role(client, chef, ledamot, ekonom, federation):
    url = reverse("federation:dashboard", args=[federation.slug])

    def labels(user):
        client.force_login(user)
        return [item["label"] for item in client.get(url).context["nav_items"]]

    as_ledamot, as_ekonom = labels(ledamot), labels(ekonom)

    assert "Ärenden" in as_ledamot
    assert "Diarium" in as_ledamot
    assert "Ekonomi" not in as_ledamot
    assert "Ekonomi" in as_ekonom
    assert "Diarium" not in as_ekonom
