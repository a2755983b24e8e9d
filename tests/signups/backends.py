"""E-mail backends that fail the way SMTP servers do (tests of the retry policy)."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

FAILURES: list[Exception] = []  # raised in order, one per message; then messages go through


class FlakyBackend(EmailBackend):
    def send_messages(self, messages):
        if FAILURES:
            raise FAILURES.pop(0)
        return super().send_messages(messages)


def temporary() -> Exception:
    return smtplib.SMTPResponseException(451, b"4.3.0 Try again later")


def permanent() -> Exception:
    return smtplib.SMTPRecipientsRefused({"x@example.com": (550, b"5.1.1 No such user")})
