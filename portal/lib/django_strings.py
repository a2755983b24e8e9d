"""Strings of Django itself that its Finnish and Swedish catalogues do not translate yet.

`makemessages` finds them here, so the project's catalogues carry their translations; the
project's `LOCALE_PATHS` come before Django's own, so Django's forms show ours.
"""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    # django.db.models.fields.BLANK_CHOICE_LABEL, new in Django 6.0: a select's empty choice.
    gettext_noop("- Select an option -"),
]
