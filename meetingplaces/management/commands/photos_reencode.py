"""Re-encode the meeting places' photos stored before photos were re-encoded on upload.

Each photo without a page-size image (the photo view serves none of those) is read (its pixel
count from the header first), stored again without metadata under random names in both sizes
(meetingplaces/photos.py), and its old file (with the camera's name and EXIF) is deleted after
the commit. A photo whose file is missing, unreadable or a decompression bomb cannot be shown
safely: its row and file are deleted, and the command names it. Safe to run again: it does only
what is left.

    uv run manage.py photos_reencode
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction

from meetingplaces import photos
from meetingplaces.models import PlacePhoto


class Command(BaseCommand):
    help = "Re-encode old meeting place photos: no metadata, random names, page size."

    def handle(self, *args, **options) -> None:
        done = removed = 0
        pending = PlacePhoto.objects.filter(page_image="").select_related("place")
        for pk in pending.values_list("pk", flat=True).iterator():
            with transaction.atomic():
                photo = PlacePhoto.objects.select_for_update().filter(pk=pk, page_image="").first()
                if photo is None:
                    continue
                old = photos.photo_files(photo)
                try:
                    with photo.image.open("rb") as file:
                        photos.photo_store(photo, file)
                except (OSError, ValueError, ValidationError) as error:
                    reason = "; ".join(getattr(error, "messages", [])) or type(error).__name__
                    self.stdout.write(f"removed photo {pk} of {photo.place.slug}: {reason}")
                    photo.delete()
                    removed += 1
                else:
                    photo.save(update_fields=["image", "page_image"])
                    done += 1
                photos.photo_files_delete_on_commit(old)
        self.stdout.write(f"{done} photos re-encoded, {removed} removed.")
