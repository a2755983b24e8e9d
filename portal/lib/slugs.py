"""Unique URL parts (slugs) made from a name, shared by the apps whose pages are addressed by
one (meeting places, activities, forums)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.text import slugify


def unique_slug(
    model,
    name: str,
    *,
    fallback: str,
    reserved: Iterable[str] = (),
    max_length: int = 200,
    exclude_pk: int | None = None,
) -> str:
    """`name` as a slug not yet taken by another row of `model` nor in `reserved`: "syysfoorumi",
    then "syysfoorumi-2", "syysfoorumi-3"... within the field's `max_length`."""
    base = slugify(name)[: max_length - 6].strip("-") or fallback
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    ) | set(reserved)
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug
