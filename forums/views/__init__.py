"""The forum's pages, by who uses them: `public` (forums, consultations, commenting, draft
documents), `manage` (coordinators' forms, sections, offline feedback, documents, closing),
`moderation` (the queue, hiding, official replies) and `export` (comments as CSV or XLSX).

Every object comes through forums.access; every write through forums.services.
"""
