"""Meeting places' photos are private until their place is public: stored under random names,
re-encoded without their metadata (EXIF GPS, author, camera file name), never bigger than a
page needs, refused when their pixel count is a decompression bomb, served only through an
access-checked view, and deleted from the disk with their row."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_nul_byte_in_a_media_path_is_not_found(client, media_root):
    assert client.get("/media/places/%00.png").status_code == 404
    assert client.get("/media/logos/%00.png").status_code == 404
