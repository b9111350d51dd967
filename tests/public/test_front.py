"""`/<förbund>/`: the register's dashboard to its members, the public front page to
everyone else; an unknown förbund is a 404, not the login page."""

from django.test import Client
from django.urls import reverse


def test_the_front_page_is_the_dashboard_to_members_and_public_to_others(
    federation, chef, outsider
):
    url = reverse("federation:dashboard", args=[federation.slug])
    as_chef, as_outsider = Client(), Client()
    as_chef.force_login(chef)
    as_outsider.force_login(outsider)

    anonymous = Client().get(url)
    member = as_chef.get(url)
    other = as_outsider.get(url)

    assert anonymous.status_code == 200
    assert reverse("public:calendar", args=[federation.slug]) in (
        anonymous.content.decode()
    )
    assert member.status_code == 200
    assert member.templates[0].name == "federation/dashboard.html"
    assert other.status_code == 200
    assert "Sammanträdeskalender" in other.content.decode()


def test_an_unknown_federation_is_a_404_not_a_login(db):
    client = Client()

    assert client.get("/finns-inte/sammantraden/").status_code == 404
    assert client.get("/finns-inte/").status_code == 404
