"""The knowledge page's numbers are written as Django's localized number_format writes them,
in every language of the portal (charts.number is the page's faster copy of it)."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.formats import number_format

from knowledge.charts import number


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_numbers_read_as_django_writes_them(language):
    with translation.override(language):
        for value in (0, 7, 12.5, 12345.678, 0.05, 99.95, 1_000_000):
            for decimals in (0, 1, 2):
                rounded = round(value, decimals)
                expected = number_format(rounded, decimal_pos=decimals, use_l10n=True)
                assert number(value, decimals) == expected, (value, decimals)
    with translation.override("fi"):
        assert number(12.5, 1) == "12,5"
