"""Demo profiles with texts in several languages say the same thing in each of them."""

import re

import pytest

from organisations.demo.seed import seed as seed_registry
from organisations.models import Organisation

pytestmark = pytest.mark.django_db


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text))


def test_each_language_of_a_demo_text_says_the_same():
    seed_registry()  # the registry's demo: the profiles checked here
    translated = (
        Organisation.objects.exclude(description_en="", description_sv="")
        .exclude(is_national=True)
        .prefetch_related("target_groups", "themes")
    )
    assert translated.count() > 50
    for organisation in translated:
        finnish = organisation.description_fi
        founded = re.search(r"vuonna (\d{4})", finnish).group(1)
        for language in ("sv", "en"):
            text = getattr(organisation, f"description_{language}")
            if not text:
                continue
            assert organisation.name in text and founded in text, (finnish, text)
            assert sentences(text) == sentences(finnish), (finnish, text)
            for term in [*organisation.target_groups.all(), *organisation.themes.all()]:
                name = getattr(term, f"name_{language}")
                assert name.lower() in text.lower(), (name, text)
