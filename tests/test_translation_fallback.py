"""The one language fallback (portal.lib.translation): active language first, then fi → sv → en."""

from types import SimpleNamespace

from django.utils import translation

from portal.lib.translation import fallback_chain, localised, localised_with_language, pick


def test_chain_starts_with_the_active_language_then_settings_order():
    with translation.override("sv"):
        assert fallback_chain() == ["sv", "fi", "en"]
    with translation.override("en"):
        assert fallback_chain() == ["en", "fi", "sv"]
    assert fallback_chain("fi") == ["fi", "sv", "en"]


def test_empty_texts_fall_back_and_report_their_language():
    obj = SimpleNamespace(name_fi="", name_sv="Minnesföreningen", name_en="Memory association")
    with translation.override("fi"):
        assert localised(obj, "name") == "Minnesföreningen"
        assert localised_with_language(obj, "name") == ("Minnesföreningen", "sv")
    with translation.override("en"):
        assert localised(obj, "name") == "Memory association"


def test_nothing_anywhere_is_empty_in_the_asked_language():
    assert pick({"fi": "", "sv": None}, "sv") == ""
    assert localised_with_language(SimpleNamespace(), "name", "sv") == ("", "sv")
