"""The officials' register (who signs the kallelse beside the ordförande) and the
förbund's logo: the services' rules, hostile uploads, and the pages."""

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from federation.models import Federation
from federation.officials import Official, official_on
from federation.services_officials import (
    LOGO_MAX_BYTES,
    LOGO_MAX_SIDE,
    LOGO_STORED_SIDE,
    add_official,
    end_official,
    remove_logo,
    set_logo,
)
from tests.factories import PersonFactory

D = datetime.date
DIRECTOR = Official.Role.FORBUNDSDIREKTOR


def _director(federation, name: str, start: datetime.date, chef=None) -> Official:
    return add_official(
        federation,
        role=DIRECTOR,
        title="Förbundsdirektör",
        valid_from=start,
        name=name,
        by=chef,
    )


def _image(kind: str, size=(120, 60), colour=(0, 90, 140)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=kind)
    return buffer.getvalue()


def _upload(data: bytes, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- The register -----------------------------------------------------------------


def test_a_new_director_succeeds_the_one_before(federation, chef):
    first = _director(federation, "Mattias Hallgren", D(2019, 1, 1), chef)
    second = _director(federation, "Eva Strandberg", D(2024, 6, 1), chef)

    first.refresh_from_db()
    assert first.valid_to == D(2024, 5, 31)
    assert official_on(federation, DIRECTOR, D(2024, 3, 1)) == first
    assert official_on(federation, DIRECTOR, D(2024, 6, 1)) == second
    assert official_on(federation, DIRECTOR, D(2018, 12, 31)) is None
    reasons = list(
        Official.history.filter(id=first.pk)
        .order_by("history_date")
        .values_list("history_change_reason", "history_user__username")
    )
    assert reasons == [("add_official", "chef"), ("succeeded", "chef")]


def test_an_overlapping_director_is_refused_and_changes_nothing(federation):
    first = _director(federation, "Mattias Hallgren", D(2019, 1, 1))
    end_official(first, valid_to=D(2023, 12, 31), by=None)

    with pytest.raises(ValidationError, match="Mattias Hallgren"):
        _director(federation, "Eva Strandberg", D(2023, 6, 1))

    assert Official.objects.count() == 1
    first.refresh_from_db()
    assert first.valid_to == D(2023, 12, 31)


def test_several_ekonomer_may_serve_at_once(federation):
    for name in ("Erik Nyberg", "Sara Lund"):
        add_official(
            federation,
            role=Official.Role.EKONOM,
            title="Ekonom",
            valid_from=D(2024, 1, 1),
            name=name,
            by=None,
        )
    assert Official.objects.filter(role=Official.Role.EKONOM).count() == 2


def test_a_person_of_another_federation_or_no_name_is_refused(
    federation, other_federation
):
    stranger = PersonFactory(federation=other_federation)
    with pytest.raises(ValidationError):
        add_official(
            federation,
            role=DIRECTOR,
            title="Förbundsdirektör",
            valid_from=D(2024, 1, 1),
            person=stranger,
            by=None,
        )
    with pytest.raises(ValidationError):
        _director(federation, "  ", D(2024, 1, 1))
    assert not Official.objects.exists()


def test_a_post_of_a_register_person_is_named_by_the_person(federation):
    person = PersonFactory(federation=federation, first_name="Lisa", last_name="Berg")
    official = add_official(
        federation,
        role=Official.Role.ADMINISTRATIV_CHEF,
        title="Administrativ chef",
        valid_from=D(2024, 1, 1),
        person=person,
        name="ignored",
        by=None,
    )
    assert official.display_name == "Lisa Berg"
    assert official.name == ""


def test_a_post_cannot_end_before_it_starts_or_twice(federation):
    official = _director(federation, "Mattias Hallgren", D(2019, 1, 1))
    with pytest.raises(ValidationError):
        end_official(official, valid_to=D(2018, 1, 1), by=None)
    end_official(official, valid_to=D(2024, 1, 1), by=None)
    with pytest.raises(ValidationError):
        end_official(official, valid_to=D(2025, 1, 1), by=None)
    official.refresh_from_db()
    assert official.valid_to == D(2024, 1, 1)


def test_the_chef_registers_and_ends_a_post_through_the_page(client, federation, chef):
    client.force_login(chef)
    url = reverse("federation:officials", args=[federation.slug])

    response = client.post(
        url,
        {
            "role": DIRECTOR,
            "title": "Förbundsdirektör",
            "name": "Mattias Hallgren",
            "valid_from": "2019-01-01",
        },
    )
    assert response.status_code == 302
    official = Official.objects.get()
    assert official.federation == federation
    page = client.get(url).content.decode()
    assert "Mattias Hallgren" in page
    assert "Förbundsdirektör" in page

    response = client.post(
        reverse("federation:official_end", args=[federation.slug, official.pk]),
        {"valid_to": "2024-05-31"},
    )
    official.refresh_from_db()
    assert official.valid_to == D(2024, 5, 31)
    assert _messages(response) == ["Befattningen har avslutats."]


def test_the_page_tells_in_swedish_what_is_missing(client, federation, chef):
    client.force_login(chef)
    response = client.post(
        reverse("federation:officials", args=[federation.slug]),
        {"role": DIRECTOR, "title": "Förbundsdirektör", "valid_from": "2019-01-01"},
    )
    assert response.status_code == 200
    assert "Välj en person eller skriv ett namn." in response.content.decode()
    assert not Official.objects.exists()


def test_a_post_of_another_federation_cannot_be_ended_here(
    client, federation, other_federation, chef
):
    theirs = _director(other_federation, "Annika Vallström", D(2021, 1, 1))
    client.force_login(chef)
    response = client.post(
        reverse("federation:official_end", args=[federation.slug, theirs.pk]),
        {"valid_to": "2024-01-01"},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.valid_to is None


# --- The logo ---------------------------------------------------------------------


def test_a_png_and_a_jpeg_are_stored_re_encoded(federation, chef):
    # Bytes after the image's end (a polyglot's HTML or script) do not survive.
    crafted = _image("PNG") + b"<script>alert(1)</script>"
    set_logo(federation, _upload(crafted), by=chef)
    federation.refresh_from_db()
    with federation.logo.open("rb") as handle:
        stored = handle.read()
    assert federation.logo.name.endswith(".png")
    assert b"<script>" not in stored
    assert Image.open(io.BytesIO(stored)).format == "PNG"

    set_logo(federation, _upload(_image("JPEG"), "logo.jpg", "image/jpeg"), by=chef)
    federation.refresh_from_db()
    assert federation.logo.name.endswith(".jpg")
    assert federation.history.first().history_change_reason == "set_logo"


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(SVG, id="svg with a script"),
        pytest.param(_image("GIF"), id="a gif named .png"),
        pytest.param(b"%PDF-1.7\n", id="a pdf"),
        pytest.param(_image("PNG")[:60], id="a truncated png"),
        pytest.param(b"", id="nothing"),
    ],
)
def test_a_file_that_is_not_a_png_or_jpeg_is_refused(federation, chef, data):
    set_logo(federation, _upload(_image("PNG")), by=chef)
    federation.refresh_from_db()
    before = federation.logo.name

    with pytest.raises(ValidationError) as refusal:
        set_logo(federation, _upload(data), by=chef)

    assert refusal.value.code == "not_image"
    federation.refresh_from_db()
    assert federation.logo.name == before
    assert federation.history.count() == 2  # created, the first logo


def test_a_huge_image_is_refused_before_it_is_decoded(federation, chef):
    # A small file that says it is 20 000 pixels wide (a decompression bomb).
    bomb = _image("PNG", size=(20000, 1))
    with pytest.raises(ValidationError) as refusal:
        set_logo(federation, _upload(bomb), by=chef)
    assert refusal.value.code == "too_many_pixels"

    big = _upload(b"\x89PNG" + b"0" * LOGO_MAX_BYTES)
    with pytest.raises(ValidationError) as refusal:
        set_logo(federation, big, by=chef)
    assert refusal.value.code == "too_large"
    federation.refresh_from_db()
    assert not federation.logo


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_cut_off_image_is_refused_after_weasyprint_is_loaded(federation, chef, kind):
    # WeasyPrint turns Pillow's check for cut-off files off for the whole process.
    import weasyprint  # noqa: F401, PLC0415 leaf

    data = _image(kind, size=(300, 200), colour=(10, 200, 30))
    with pytest.raises(ValidationError) as refusal:
        set_logo(federation, _upload(data[: len(data) * 2 // 3]), by=chef)
    assert refusal.value.code == "not_image"


def test_a_phone_jpeg_with_a_second_picture_is_stored_as_its_first_frame(
    federation, chef
):
    # Phones and cameras write JPEGs with a second picture, which Pillow reads as MPO.
    buffer = io.BytesIO()
    first = Image.new("RGB", (80, 40), (0, 90, 140))
    first.save(buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (8, 4))])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"

    set_logo(
        federation, _upload(buffer.getvalue(), "IMG_0001.jpg", "image/jpeg"), by=chef
    )

    federation.refresh_from_db()
    with federation.logo.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
    assert (stored.format, stored.size) == ("JPEG", (80, 40))


def test_a_large_logo_is_scaled_down_and_a_larger_one_refused(federation, chef):
    set_logo(federation, _upload(_image("PNG", size=(LOGO_MAX_SIDE, 10))), by=chef)
    federation.refresh_from_db()
    with federation.logo.open("rb") as handle:
        assert Image.open(io.BytesIO(handle.read())).width == LOGO_STORED_SIDE

    with pytest.raises(ValidationError) as refusal:
        set_logo(
            federation, _upload(_image("PNG", size=(LOGO_MAX_SIDE + 1, 10))), by=chef
        )
    assert refusal.value.code == "too_many_pixels"


def test_the_settings_page_refuses_an_svg_in_swedish(client, federation, chef):
    client.force_login(chef)
    response = client.post(
        reverse("federation:settings", args=[federation.slug]),
        {"logo": _upload(SVG, "logo.svg", "image/svg+xml")},
    )
    assert response.status_code == 200
    assert "Filen är inte en PNG- eller JPEG-bild" in response.content.decode()
    assert not Federation.objects.get(pk=federation.pk).logo


def test_the_settings_page_saves_shows_and_removes_the_logo(client, federation, chef):
    client.force_login(chef)
    url = reverse("federation:settings", args=[federation.slug])

    client.post(url, {"logo": _upload(_image("PNG"))})
    image = client.get(reverse("federation:logo", args=[federation.slug]))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(b"".join(image.streaming_content))).size == (120, 60)

    client.post(url, {"remove": "1"})
    assert not Federation.objects.get(pk=federation.pk).logo
    gone = client.get(reverse("federation:logo", args=[federation.slug]))
    assert gone.status_code == 404


def test_removing_no_logo_changes_nothing(federation, chef):
    remove_logo(federation, by=chef)
    assert federation.history.count() == 1
