"""Where a login lands (issue 19.3): a förtroendevald of one förbund on Mina
sammanträden, staff on the förbund's page, someone of two förbund on the start
page that lists them."""

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from federation.roles import Role
from tests.factories import grant
from tests.second_factor import code_for

VERIFY = "/konto/tvastegsverifiering/"


def _log_in(username: str, **data) -> Client:
    client = Client()
    response = client.post(
        reverse("login"), {"username": username, "password": "demo", **data}
    )
    assert response.status_code == 302, "the password was refused"
    return client


def _landing(client: Client, response) -> str:
    """The page a chain of redirects ends on."""
    while response.status_code == 302:
        response = client.get(response.url)
    assert response.status_code == 200
    return response.wsgi_request.path


def test_a_fortroendevald_of_one_forbund_lands_on_mina_sammantraden(ledamot):
    client = _log_in("ledamot")

    landing = _landing(client, client.get(reverse("home")))

    assert landing == reverse("meetings:my_meetings", args=["testforbund"])


def test_the_login_form_sends_the_fortroendevald_there_too(ledamot):
    client = Client()

    response = client.post(
        reverse("login"), {"username": "ledamot", "password": "demo"}, follow=True
    )

    assert response.wsgi_request.path == reverse(
        "meetings:my_meetings", args=["testforbund"]
    )
    assert "Mina sammanträden" in response.content.decode()


def test_staff_land_on_the_forbunds_page(chef):
    TOTPDevice.objects.create(user=chef, name="Telefon", confirmed=True)
    client = _log_in("chef")
    device = TOTPDevice.objects.get(user=chef)
    client.post(VERIFY, {"code": code_for(device), "next": "/"})

    landing = _landing(client, client.get(reverse("home")))

    assert landing == reverse("federation:dashboard", args=["testforbund"])


def test_staff_who_also_sit_in_a_body_land_on_the_forbunds_page(chef, federation):
    grant(chef, federation, Role.FORTROENDEVALD)
    client = Client()
    client.force_login(chef)

    response = client.get(reverse("home"))

    assert response.url == reverse("federation:dashboard", args=["testforbund"])


def test_a_fortroendevald_of_two_forbund_stays_on_the_start_page(
    ledamot, federation, other_federation
):
    grant(ledamot, other_federation, Role.FORTROENDEVALD)
    client = _log_in("ledamot")

    response = client.get(reverse("home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert federation.name in html
    assert other_federation.name in html
