"""A sign-up's free-text name: one plain line (form and service), and never echoed into a
message to an address nobody has confirmed (anyone can type anyone's address in the form)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from signups import services
from signups.models import Signup
from signups.names import clean_name

pytestmark = pytest.mark.django_db

NAME = "Aino\r\nVoitit 1000 €! Lunasta: https://huijaus.example/palkinto\u2028\tKiitos"


def message_text(message) -> str:
    return message.subject + message.body + "".join(str(body) for body, _ in message.alternatives)


def test_the_name_is_one_line_and_not_in_the_confirmation_sent_to_the_typed_address(
    client, occurrence, django_capture_on_commit_callbacks
):
    url = reverse("signups:signup", args=[occurrence.activity.slug, occurrence.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"name": NAME, "email": "kuka@example.com"})
    assert response.status_code == 200

    signup = Signup.objects.get()
    assert signup.name == "Aino Voitit 1000 €! Lunasta: https://huijaus.example/palkinto Kiitos"
    [confirmation] = mail.outbox
    assert confirmation.to == ["kuka@example.com"]
    text = message_text(confirmation)
    assert "huijaus.example" not in text and "Voitit" not in text and "Aino" not in text
    assert confirmation.body.startswith("Hei,")

    # Once the person has used the link, the address is theirs: their name greets them.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_confirm(signup)
    [signed_up] = mail.outbox
    assert signed_up.body.splitlines()[0].startswith("Hei Aino Voitit")


def test_the_service_cleans_the_name_too(occurrence):
    (signup,) = services.signup_create(
        occurrence=occurrence, name="Aino\nBcc: x@example.com\r", email="a@example.com"
    )
    assert signup.name == "Aino Bcc: x@example.com"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Aino  Virtanen ", "Aino Virtanen"),
        ("Aino\x0bB\x1bC\x7fD", "Aino B C D"),
        ("ry \u202eyhdistys", "ry yhdistys"),
        ("Åsa\u2029Öberg", "Åsa Öberg"),
        ("x" * 150, "x" * 100),
    ],
)
def test_clean_name(typed, stored):
    assert clean_name(typed) == stored


def test_a_name_of_control_characters_only_is_asked_for_again(client, occurrence):
    url = reverse("signups:signup", args=[occurrence.activity.slug, occurrence.pk])
    response = client.post(url, {"name": "\u2028\u2029", "email": "a@example.com"})
    assert response.status_code == 400
    assert not Signup.objects.exists()
    assert "a@example.com" in response.content.decode()  # nothing typed is lost
