"""What the bodies' editing pages share."""


def _form_page(form, title, body=None, meeting=None, **extra) -> dict:
    return {"form": form, "title": title, "body": body, "meeting": meeting, **extra}
