"""Meeting places' photos are private until their place is public: stored under random names,
re-encoded without their metadata (EXIF GPS, author, camera file name), never bigger than a
page needs, refused when their pixel count is a decompression bomb, served only through an
access-checked view, and deleted from the disk with their row."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from PIL import ExifTags, Image

from meetingplaces import photos, services
from meetingplaces.models import MeetingPlace, PlacePhoto, PublishStatus
from tests.meetingplaces.editing import management, place_data, url
from tests.meetingplaces.factories import MeetingPlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_nul_byte_in_a_media_path_is_not_found(client, media_root):
    assert client.get("/media/places/%00.png").status_code == 404
    assert client.get("/media/logos/%00.png").status_code == 404


def camera_jpeg(size=(3000, 2000)) -> bytes:
    """A JPEG as a phone writes it: EXIF with the author, the camera and a GPS position."""
    image = Image.new("RGB", size, (40, 120, 60))
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Maija Meikalainen"
    exif[ExifTags.Base.Make] = "Kamerafirma"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (62.0, 14.0, 31.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=80)
    return buffer.getvalue()


def bomb_png() -> bytes:
    """12,000 × 12,000 pixels of one colour: a few tens of kilobytes, 430 MB decoded."""
    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000), 0).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def upload(client, org, content: bytes, name: str = "IMG_20261201_101500.jpg", **changes):
    data = place_data(
        organisations=[org.pk],
        **management("photos", total=1),
        **{
            "photos-0-image": SimpleUploadedFile(name, content, content_type="image/jpeg"),
            "photos-0-alt_fi": "Sisäänkäynti",
        },
    )
    data.update(changes)
    return client.post(url("places_manage:place-create", slug=org.slug), data)


def stored(name: str, media_root) -> Image.Image:
    return Image.open(media_root / name)


def test_an_upload_is_stored_under_a_random_name_without_metadata_in_two_sizes(
    client, editor, org, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, org, camera_jpeg())
    assert response.status_code == 302

    photo = PlacePhoto.objects.get()
    for name in (photo.image.name, photo.page_image.name):
        assert name.startswith("places/")
        assert "IMG" not in name and "20261201" not in name
        raw = (media_root / name).read_bytes()
        assert b"Exif" not in raw and b"Maija" not in raw and b"Kamerafirma" not in raw
        assert not stored(name, media_root).getexif()
    assert max(stored(photo.image.name, media_root).size) == photos.FULL_SIDE
    assert stored(photo.page_image.name, media_root).size == (photos.PAGE_SIDE, 640)
    # Nothing else was written: no copy under the camera's name.
    assert sorted(p.name for p in (media_root / "places").iterdir()) == sorted(
        name.split("/")[1] for name in (photo.image.name, photo.page_image.name)
    )


def test_a_decompression_bomb_is_refused_before_decoding(client, editor, org, media_root):
    content = bomb_png()
    assert len(content) < 100_000
    response = upload(client, org, content, name="pommi.png")

    assert response.status_code == 200
    errors = response.context["photos"].forms[0].errors["image"]
    assert "liikaa kuvapisteitä (12000 × 12000)" in errors[0]
    assert not MeetingPlace.objects.exists()
    assert not (media_root / "places").exists()


def test_a_photo_is_served_only_while_its_place_is_public(client, editor, org, media_root):
    upload(client, org, camera_jpeg((400, 300)), status="draft")
    photo = PlacePhoto.objects.select_related("place").get()
    place = photo.place
    anonymous = Client()

    # Never as a plain media file, whatever the status.
    assert anonymous.get("/media/" + photo.image.name).status_code == 404
    assert anonymous.get("/media/" + photo.page_image.name).status_code == 404
    # A draft's photo: the editor sees it (on the edit page too), nobody else.
    assert anonymous.get(photo.url_page).status_code == 404
    assert anonymous.get(photo.url_full).status_code == 404
    response = client.get(photo.url_page)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"].startswith("private")
    assert (
        photo.url_page
        in client.get(url("places_manage:place-edit", slug=place.slug)).content.decode()
    )

    place.status = PublishStatus.PUBLISHED
    place.save()
    response = anonymous.get(photo.url_page)
    assert response.status_code == 200
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (400, 300)
    page = anonymous.get(place.get_absolute_url()).content.decode()
    assert f'src="{photo.url_page}"' in page
    assert "/media/places/" not in page
    assert f"http://testserver{photo.url_full}" in page or photo.url_full in page  # JSON-LD


def test_a_removed_photo_is_gone_from_the_disk_and_its_address(
    client, editor, org, media_root, django_capture_on_commit_callbacks
):
    upload(client, org, camera_jpeg((400, 300)))
    photo = PlacePhoto.objects.select_related("place").get()
    files = [media_root / photo.image.name, media_root / photo.page_image.name]
    assert all(file.exists() for file in files)
    address = photo.url_page

    data = place_data(
        name_fi=photo.place.name_fi,
        organisations=[org.pk],
        **management("photos", total=1, initial=1),
        **{"photos-0-id": photo.pk, "photos-0-alt_fi": "Sisäänkäynti", "photos-0-DELETE": "on"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("places_manage:place-edit", slug=photo.place.slug), data)
    assert response.status_code == 302
    assert not PlacePhoto.objects.exists()
    assert not any(file.exists() for file in files)
    assert client.get(address).status_code == 404


def test_replacing_a_photo_deletes_the_old_files(
    client, editor, org, media_root, django_capture_on_commit_callbacks
):
    upload(client, org, camera_jpeg((400, 300)))
    photo = PlacePhoto.objects.select_related("place").get()
    old = [media_root / photo.image.name, media_root / photo.page_image.name]
    data = place_data(
        name_fi=photo.place.name_fi,
        organisations=[org.pk],
        **management("photos", total=1, initial=1),
        **{
            "photos-0-id": photo.pk,
            "photos-0-alt_fi": "Sisäänkäynti",
            "photos-0-image": SimpleUploadedFile("uusi.jpg", camera_jpeg((500, 300))),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("places_manage:place-edit", slug=photo.place.slug), data)
    assert response.status_code == 302
    photo.refresh_from_db()
    assert Image.open(media_root / photo.image.name).size == (500, 300)
    assert not any(file.exists() for file in old)


def test_the_command_reencodes_old_photos_and_removes_bombs(
    media_root, django_capture_on_commit_callbacks
):
    place = MeetingPlaceFactory(slug="vanha")
    (media_root / "places").mkdir()
    (media_root / "places" / "IMG_0001.jpg").write_bytes(camera_jpeg())
    (media_root / "places" / "pommi.png").write_bytes(bomb_png())
    old = PlacePhoto.objects.create(place=place, image="places/IMG_0001.jpg", alt_fi="Piha")
    bomb = PlacePhoto.objects.create(place=place, image="places/pommi.png", alt_fi="Pommi")
    missing = PlacePhoto.objects.create(place=place, image="places/poissa.jpg", alt_fi="Poissa")

    # Not served before it is cleaned: it still has the camera's EXIF.
    old_address = PlacePhoto.objects.get(pk=old.pk).url_full
    assert Client().get(old_address).status_code == 404

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("photos_reencode", stdout=out)
    response = Client().get(old_address)
    assert response.status_code == 200
    assert b"Maija" not in b"".join(response.streaming_content)

    assert "1 photos re-encoded, 2 removed." in out.getvalue()
    old.refresh_from_db()
    assert "IMG" not in old.image.name and old.page_image.name
    raw = (media_root / old.image.name).read_bytes()
    assert b"Exif" not in raw and b"Maija" not in raw
    assert max(Image.open(media_root / old.image.name).size) == photos.FULL_SIDE
    assert not PlacePhoto.objects.filter(pk__in=[bomb.pk, missing.pk]).exists()
    assert sorted(p.name for p in (media_root / "places").iterdir()) == sorted(
        name.split("/")[1] for name in (old.image.name, old.page_image.name)
    )
    # Run again: nothing left to do.
    out = io.StringIO()
    call_command("photos_reencode", stdout=out)
    assert "0 photos re-encoded, 0 removed." in out.getvalue()


def test_a_phone_photo_taken_sideways_is_stored_upright(client, editor, org, media_root):
    image = Image.new("RGB", (400, 300), "green")
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # rotate 90° clockwise to view
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    upload(client, org, buffer.getvalue())
    photo = PlacePhoto.objects.get()
    assert stored(photo.image.name, media_root).size == (300, 400)


def test_deleting_a_place_deletes_its_photos_files(
    client, editor, org, media_root, django_capture_on_commit_callbacks
):
    upload(client, org, camera_jpeg((400, 300)))
    photo = PlacePhoto.objects.get()
    files = [media_root / photo.image.name, media_root / photo.page_image.name]
    with django_capture_on_commit_callbacks(execute=True):
        services.places_delete(MeetingPlace.objects.filter(pk=photo.place_id))
    assert not MeetingPlace.objects.exists()
    assert not any(file.exists() for file in files)
