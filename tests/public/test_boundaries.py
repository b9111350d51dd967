"""The public side's edges: the protokoll of a body that is not public (an officials'
group, a member's body) is a 404 like every public page of it; the start page
sends a förtroendevald of one förbund to Mina sammanträden; the kallelse's logo
carries the förbund's name for PDF/UA."""

import datetime
import io
import logging

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from PIL import Image

from federation import views as federation_views
from federation.models import Body
from federation.services_officials import set_logo
from meetings.models import ItemKind
from meetings.pdf import build_kallelse_pdf, cover_context
from meetings.services import add_free_item, create_meeting, publish_kallelse
from minutes.models import Minutes
from tests.factories import BodyFactory


def test_the_protokoll_of_an_officials_group_is_not_public(demo):
    minutes = Minutes.objects.get(
        meeting__body__federation=demo, status=Minutes.Status.JUSTERAT
    )
    client = Client()

    def answers() -> tuple[int, int, str, str]:
        args = [demo.slug, minutes.pk]
        return (
            client.get(reverse("minutes:public_detail", args=args)).status_code,
            client.get(reverse("minutes:public_pdf", args=args)).status_code,
            client.get(
                reverse("minutes:anslagstavla", args=[demo.slug])
            ).content.decode(),
            client.get(reverse("public:protokoll", args=[demo.slug])).content.decode(),
        )

    link = reverse("minutes:public_detail", args=[demo.slug, minutes.pk])
    before = answers()  # the control: the Direktion's protokoll is public
    meeting = minutes.meeting
    meeting.body = BodyFactory(
        federation=demo, name="Tjänstepersonsgruppen", kind=Body.Kind.OFFICIALS
    )
    meeting.save()  # as the secretariat would: the förbund's pages change with it
    after = answers()

    assert before[:2] == (200, 200)
    assert link in before[2]
    assert link in before[3]
    assert after[:2] == (404, 404)
    assert link not in after[2]  # neither the anslag of its justering nor the archive
    assert link not in after[3]
    assert "Tjänstepersonsgruppen" not in after[2]


def test_a_fortroendevald_of_one_forbund_lands_on_mina_sammantraden(
    client, federation, ledamot
):
    client.force_login(ledamot)
    landed = client.get(reverse("home"))

    assert landed.url == reverse("meetings:my_meetings", args=[federation.slug])
    # The start page is public.views.pages.home; the register's old one is gone.
    assert not hasattr(federation_views, "home")


def _logo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (90, 40), (200, 0, 0)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")


def test_the_kallelse_logo_has_the_forbunds_name_as_alt_text(federation, chef, caplog):
    set_logo(federation, _logo(), by=chef)
    meeting = create_meeting(
        BodyFactory(federation=federation, name="Direktionen"),
        date=datetime.date(2024, 3, 1),
        starts_at=datetime.time(9),
        by=chef,
    )
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Läget", by=chef)
    version = publish_kallelse(meeting, by=chef, today=datetime.date(2024, 2, 20))

    cover = render_to_string(
        "meetings/pdf/kallelse.html", cover_context(meeting, version)
    )
    with caplog.at_level(logging.WARNING):
        build_kallelse_pdf(version)

    assert f'alt="{federation.name}"' in cover
    assert [r for r in caplog.records if "alt description" in r.getMessage()] == []
