"""What the residents' search indexes of meeting places and activities (search/README.md).

Called by meetingplaces.services after every write. To be filled in: one SearchEntry per
published place and activity (kinds "place" and "activity"), removed when unpublished.
"""

from __future__ import annotations

PLACE_KIND = "place"
ACTIVITY_KIND = "activity"


def place_refresh_search(place) -> None:
    """Bring the place's search entry up to date (or remove it when the place is not public)."""


def activity_refresh_search(activity) -> None:
    """Bring the activity's search entry up to date (or remove it when it is not public)."""
