"""Date formats of the portal (settings.FORMAT_MODULE_PATH): dates appear in one format in every
language, the Finnish day.month.year (1.3.2026). Anything not set here is Django's own."""
