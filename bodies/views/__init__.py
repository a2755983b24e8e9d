"""Pages of the partnership bodies, by who uses them: `public` (bodies, meetings, actions,
the archive), `manage` (the area's coordinators: bodies, members, meetings), `secretary`
(agenda, attendance, attachments, actions) and `minutes` (the minutes workflow).

Thin: rights through bodies.access, writes through bodies.services.
"""
