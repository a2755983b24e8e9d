"""Forms of the associations' editing of meeting places and activities, by what they edit:
`place` (a place, its hours, exceptions and photos), `activity` (what, where, cost, contact),
`schedule` (when), `occurrence` (one date cancelled or moved, a break) and `common` (fields,
widgets and choices they share).

The activity form is two forms on one page: `ActivityForm` (what, where, cost, contact) and
`ScheduleForm` (when, in plain controls: once / on these dates / weekly every N weeks on
weekdays / monthly on the n:th weekday). The schedule form builds the RFC 5545 rule with
schedule.weekly_rule/monthly_rule and checks the whole schedule with Schedule.validate(), whose
errors are put at the control they belong to. The same schedule form answers the live preview.
"""

# What the units app's forms build on (the welfare area's own places share the hours forms).
from portal.lib.points import check_point

from .activity import ActivityForm
from .common import FALLBACK_HELP
from .place import BaseHoursFormSet, OpeningExceptionForm, OpeningHoursForm

__all__ = [
    "FALLBACK_HELP",
    "ActivityForm",
    "BaseHoursFormSet",
    "OpeningExceptionForm",
    "OpeningHoursForm",
    "check_point",
]
