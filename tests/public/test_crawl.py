"""An anonymous reader starts at / and follows links: every förbund's
anslagstavla, a public protokoll, the calendar and the search are reached, nothing
answers 500, and no link leads into the login wall."""

import re
from urllib.parse import urljoin, urlparse

from django.test import Client
from django.urls import reverse

from federation.models import Federation

LINK = re.compile(r'href="([^"#]+)"')
# Pages the crawl does not walk further: the login page itself is no wall.
NOT_FOLLOWED = ("/konto/", "/static/", "/admin/")
# Files are fetched elsewhere (their own tests); the crawl reads pages.
FILES = re.compile(r"(\.pdf|/pdf/|/handling/\d+/|\.ics|\.atom)$")
MAX_PAGES = 150


def _crawl(client: Client) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = ["/"]
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200:
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            target = urlparse(urljoin(url, link))
            if target.netloc or target.scheme not in ("", "http"):
                continue
            path = target.path + (f"?{target.query}" if target.query else "")
            if FILES.search(target.path):
                continue
            if not path.startswith(NOT_FOLLOWED) and path not in seen:
                queue.append(path)
    return seen


def test_an_anonymous_crawl_reaches_every_public_page_without_the_login_wall(demo):
    seen = _crawl(Client(raise_request_exception=False))

    failing = {url: status for url, status in seen.items() if status != 200}
    assert failing == {}
    for federation in Federation.objects.all():
        assert reverse("minutes:anslagstavla", args=[federation.slug]) in seen
        assert reverse("public:calendar", args=[federation.slug]) in seen
        assert reverse("public:search", args=[federation.slug]) in seen
    assert any(re.fullmatch(r"/sjuharad/protokoll/\d+/", url) for url in seen)
    assert any(re.fullmatch(r"/sjuharad/dagordning/\d+/", url) for url in seen)


def test_an_unknown_address_answers_a_swedish_404_to_everyone(demo, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    for url in (
        "/finns-inte/",
        "/finns-inte/sammantraden/",
        "/finns-inte/diarium/",
        "/sjuharad/finns-inte/",
        "/sjuharad/dagordning/999999/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Sidan finns inte" in response.content.decode()
