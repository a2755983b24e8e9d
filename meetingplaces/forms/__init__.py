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
