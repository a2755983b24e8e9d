"""Finding duplicate organisations in a welfare area, and merging one into another.

Other apps that point at Organisation (meeting places, activities, ...) register a hook that
moves their rows from the merged organisation to the survivor, in their AppConfig.ready():

    class MeetingPlacesConfig(AppConfig):
        def ready(self) -> None:
            from organisations.services.merge import register_merge_hook

            from .services import meeting_places_move_on_merge

            register_merge_hook(meeting_places_move_on_merge)

    def meeting_places_move_on_merge(*, source, target, user) -> None:
        MeetingPlace.objects.filter(organisation=source).update(organisation=target)

Hooks run inside the merge's transaction: an exception in a hook undoes the whole merge (a
MergeError's message is shown to the coordinator).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import (
    AccessRequest,
    Invitation,
    Membership,
    Organisation,
    OrganisationVersion,
    Status,
)
from .core import organisation_record_version, organisation_refresh_search

# Names at least this similar (pg_trgm similarity, 0–1) are shown as possible duplicates.
NAME_SIMILARITY = 0.6


class MergeHook(Protocol):
    def __call__(self, *, source: Organisation, target: Organisation, user: Any) -> None: ...


MERGE_HOOKS: list[MergeHook] = []


def register_merge_hook(func: MergeHook) -> MergeHook:
    """Run `func(source=, target=, user=)` in every merge; call it from AppConfig.ready()."""
    if func not in MERGE_HOOKS:  # ready() may run again (tests); register once
        MERGE_HOOKS.append(func)
    return func


class MergeError(Exception):
    """The two organisations cannot be merged; str() is a translated message."""


# Finding duplicates


@dataclass
class DuplicatePair:
    first: Organisation
    second: Organisation
    reasons: list[str] = field(default_factory=list)
    similarity: float | None = None


def normalise_website(url: str) -> str:
    url = url.strip().lower()
    url = re.sub(r"^[a-z]+://", "", url)
    url = url.removeprefix("www.")
    return url.rstrip("/")


# Legal-form words that say nothing about which organisation a name means.
LEGAL_FORM_WORDS = {"ry", "r.y", "rf", "r.f", "sr", "rs", "säätiö", "stiftelse", "oy", "ab"}
NAME_TOKEN_RE = re.compile(r"[\w.]+")


def _name_tokens(name: str) -> set[str]:
    tokens = {t.strip(".") for t in NAME_TOKEN_RE.findall(name.lower())}
    return {t for t in tokens if t and t not in LEGAL_FORM_WORDS and t.rstrip(".") != "r.y"}


def _trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


# Two words that differ by this little (pg_trgm similarity) may be a typo or another inflection.
WORD_SIMILARITY = 0.6


def _word_similarity(a: str, b: str) -> float:
    """pg_trgm's similarity() for two single words."""
    ta, tb = _trigrams(a), _trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta | tb else 0.0


def names_may_mean_the_same(a: str, b: str) -> bool:
    """Similar-looking names of *different* organisations are common: "Luhangan yhdistys" and
    "Vahangan yhdistys" differ by one place name. Names count as possibly the same when, legal
    form aside, they have the same words, one's words are all in the other, or they differ by
    one word that is itself nearly the same (a typo or another inflection)."""
    ta, tb = _name_tokens(a), _name_tokens(b)
    only_a, only_b = ta - tb, tb - ta
    if not only_a or not only_b:
        return True
    if len(only_a) == 1 and len(only_b) == 1:
        return _word_similarity(next(iter(only_a)), next(iter(only_b))) >= WORD_SIMILARITY
    return False


def _similar_name_pairs(names: dict[int, str]) -> dict[tuple[int, int], float]:
    """(smaller id, larger id) → similarity of the names, for names that may mean the same one.

    `names` holds the live organisations of one welfare area. Comparing every pair in SQL
    (`a.name % b.name`, even through the trigram index) took 2–3 s for the demo's 504
    organisations of Keski-Suomi, because most names share trigrams such as "yhdistys". Only
    pairs that `names_may_mean_the_same` can accept are asked for their similarity, in one query.
    """
    candidates = _candidate_name_pairs(names)
    if not candidates:
        return {}
    firsts, seconds = zip(*sorted(candidates), strict=True)
    table = Organisation._meta.db_table
    sql = f"""
        SELECT a.id, b.id, similarity(a.name, b.name)
        FROM unnest(%s::bigint[], %s::bigint[]) AS pair(first_id, second_id)
        JOIN {table} a ON a.id = pair.first_id
        JOIN {table} b ON b.id = pair.second_id
        WHERE similarity(a.name, b.name) >= %s
    """  # noqa: S608 (the table name is ours; the values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(firsts), list(seconds), NAME_SIMILARITY])
        return {(a, b): float(score) for a, b, score in cursor.fetchall()}


def _candidate_name_pairs(names: dict[int, str]) -> set[tuple[int, int]]:
    """The pairs `names_may_mean_the_same` accepts, found without comparing every pair.

    Two names pass when one's words are all in the other (found by intersecting, per name,
    the lists of names holding each of its words), or when each has exactly one word the other
    lacks (then both are the same set after removing that word: grouped by those sets).
    """
    words = {pk: frozenset(_name_tokens(name)) for pk, name in names.items()}
    by_word: dict[str, set[int]] = defaultdict(set)
    for pk, tokens in words.items():
        for token in tokens:
            by_word[token].add(pk)
    found: set[tuple[int, int]] = set()
    for pk, tokens in words.items():
        if tokens:
            lists = sorted((by_word[token] for token in tokens), key=len)
            containing: Iterable[int] = set.intersection(*lists)
        else:  # only legal-form words: in every other name
            containing = words
        found.update((min(pk, other), max(pk, other)) for other in containing if other != pk)
    by_rest: dict[frozenset[str], list[tuple[int, str]]] = defaultdict(list)
    for pk, tokens in words.items():
        for token in tokens:
            by_rest[tokens - {token}].append((pk, token))
    for group in by_rest.values():
        if len(group) > 1:
            found.update(_pairs_with_similar_words(group))
    return found


def _pairs_with_similar_words(group: list[tuple[int, str]]) -> set[tuple[int, int]]:
    """(id, id) pairs of `group`, a list of (id, word), whose words are at least
    WORD_SIMILARITY alike. A group can hold every name of a town ("Jyväskylän …"), so not
    every pair is compared: two words that alike share one of the first
    |T| − ⌈WORD_SIMILARITY·|T|⌉ + 1 trigrams of each, in any common order of the trigrams
    (the prefix filter of set-similarity joins); only words sharing one are compared."""
    trigrams = {word: _trigrams(word) for _pk, word in group}
    frequency: dict[str, int] = defaultdict(int)
    for grams in trigrams.values():
        for gram in grams:
            frequency[gram] += 1
    prefixes = {}
    for word, grams in trigrams.items():
        ordered = sorted(grams, key=lambda gram: (frequency[gram], gram))
        length = len(ordered) - math.ceil(WORD_SIMILARITY * len(ordered) - 1e-9) + 1
        prefixes[word] = ordered[:length]
    by_gram: dict[str, list[int]] = defaultdict(list)
    for index, (_pk, word) in enumerate(group):
        for gram in prefixes[word]:
            by_gram[gram].append(index)
    found: set[tuple[int, int]] = set()
    for index, (first, first_word) in enumerate(group):
        others = {other for gram in prefixes[first_word] for other in by_gram[gram]}
        for other in others:
            second, second_word = group[other]
            if other <= index or first == second or first_word == second_word:
                continue
            a, b = trigrams[first_word], trigrams[second_word]
            if len(a & b) / len(a | b) >= WORD_SIMILARITY:
                found.add((min(first, second), max(first, second)))
    return found


def organisation_duplicates(*, area_ids: Iterable[int]) -> list[DuplicatePair]:
    """Pairs of live organisations in the same welfare area that may be the same one."""
    reasons: dict[tuple[int, int], list[str]] = defaultdict(list)
    rows = list(
        Organisation.objects.filter(welfare_area__in=list(area_ids), merged_into__isnull=True)
        .exclude(status=Status.ARCHIVED)
        .values_list("pk", "welfare_area_id", "name", "website", "email")
    )
    names_by_area: dict[int, dict[int, str]] = defaultdict(dict)
    for pk, area_id, name, _website, _email in rows:
        names_by_area[area_id][pk] = name
    similarities: dict[tuple[int, int], float] = {}
    for names in names_by_area.values():
        similarities.update(_similar_name_pairs(names))
    for pair in similarities:
        reasons[pair].append(_("similar names"))

    by_key: dict[tuple[int, str, str], list[int]] = defaultdict(list)
    for pk, area_id, _name, website, email in rows:
        if website and normalise_website(website):
            by_key[(area_id, "website", normalise_website(website))].append(pk)
        if email:
            by_key[(area_id, "email", email.strip().lower())].append(pk)
    labels = {"website": _("same website"), "email": _("same email address")}
    for (_area, kind, _value), pks in by_key.items():
        pks.sort()
        for i, first in enumerate(pks):
            for second in pks[i + 1 :]:
                reasons[(first, second)].append(labels[kind])

    ids = {pk for pair in reasons for pk in pair}
    organisations = Organisation.objects.only("pk", "name", "status").in_bulk(ids)
    pairs = [
        DuplicatePair(
            first=organisations[a],
            second=organisations[b],
            reasons=found,
            similarity=similarities.get((a, b)),
        )
        for (a, b), found in reasons.items()
    ]
    pairs.sort(key=lambda p: (-(p.similarity or 0), p.first.name.lower()))
    return pairs


# Merging

ROLE_RANK: dict[str, int] = {Membership.Role.EDITOR: 1, Membership.Role.ADMIN: 2}
# Filled on the survivor from the merged organisation when the survivor's are empty.
FILLED_FIELDS = [
    "display_name", "parent_id", "other_languages", "email", "phone", "website",
    "description_fi", "description_sv", "description_en", "summary_fi", "summary_sv",
    "summary_en", "logo",
]  # fmt: skip
# Lists joined together.
UNITED_FIELDS = ["categories", "roles", "languages", "service_kinds", "social_links"]
M2M_FIELDS = ["municipalities", "target_groups", "themes", "networks"]


def organisation_check_mergeable(*, source: Organisation, target: Organisation) -> None:
    if source.pk == target.pk:
        raise MergeError(_("An organisation cannot be merged into itself."))
    if source.welfare_area_id is None or source.welfare_area_id != target.welfare_area_id:
        raise MergeError(_("Only organisations of the same welfare area can be merged."))
    if source.merged_into_id is not None or target.merged_into_id is not None:
        raise MergeError(_("One of these organisations has already been merged."))


def _move_memberships(source: Organisation, target: Organisation) -> None:
    existing = {m.user_id: m for m in Membership.objects.filter(organisation=target)}
    for membership in Membership.objects.filter(organisation=source):
        kept = existing.get(membership.user_id)
        if kept is None:
            membership.organisation = target
            membership.save(update_fields=["organisation"])
            continue
        if ROLE_RANK[membership.role] > ROLE_RANK[kept.role]:
            kept.role = membership.role
            kept.save(update_fields=["role"])
        membership.delete()


def _move_invitations(source: Organisation, target: Organisation) -> None:
    open_emails = {
        email.lower()
        for email in Invitation.objects.filter(
            organisation=target, accepted_at__isnull=True
        ).values_list("email", flat=True)
    }
    members = {
        email.lower()
        for email in Membership.objects.filter(organisation=target).values_list(
            "user__email", flat=True
        )
    }
    for invitation in Invitation.objects.filter(organisation=source):
        is_open = invitation.accepted_at is None
        if is_open and invitation.email.lower() in open_emails | members:
            invitation.delete()  # the person is already invited to, or a member of, the survivor
            continue
        invitation.organisation = target
        invitation.save(update_fields=["organisation"])


def _move_access_requests(source: Organisation, target: Organisation) -> None:
    pending = AccessRequest.Status.PENDING
    waiting = set(
        AccessRequest.objects.filter(organisation=target, status=pending).values_list(
            "user_id", flat=True
        )
    )
    members = set(Membership.objects.filter(organisation=target).values_list("user_id", flat=True))
    for request in AccessRequest.objects.filter(organisation=source):
        if request.status == pending and request.user_id in waiting | members:
            request.delete()
            continue
        request.organisation = target
        request.save(update_fields=["organisation"])


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or (hasattr(value, "name") and not value)


@transaction.atomic
def organisation_merge(*, source: Organisation, target: Organisation, user: User) -> Organisation:
    """Merge `source` into `target` (the survivor) and archive `source`."""
    # Lock both rows in a fixed order so two merges of the same pair cannot deadlock.
    locked = {
        o.pk: o
        for o in Organisation.objects.select_for_update()
        .filter(pk__in=[source.pk, target.pk])
        .order_by("pk")
    }
    source, target = locked[source.pk], locked[target.pk]
    organisation_check_mergeable(source=source, target=target)

    _move_memberships(source, target)
    _move_invitations(source, target)
    _move_access_requests(source, target)
    OrganisationVersion.objects.filter(organisation=source).update(organisation=target)
    Organisation.objects.filter(parent=source).exclude(pk=target.pk).update(parent=target)
    Organisation.objects.filter(merged_into=source).update(merged_into=target)

    for name in M2M_FIELDS:
        getattr(target, name).add(*getattr(source, name).all())
    for name in FILLED_FIELDS:
        value = getattr(source, name)
        if _is_empty(getattr(target, name)) and not _is_empty(value):
            if name == "parent_id" and value == target.pk:
                continue
            setattr(target, name, value)
    for name in UNITED_FIELDS:
        united = list(dict.fromkeys([*getattr(target, name), *getattr(source, name)]))
        setattr(target, name, united)

    # The identifiers are unique: free them on the merged organisation before moving them.
    moved = {
        name: getattr(source, name)
        for name in ("business_id", "register_number")
        if getattr(source, name) and not getattr(target, name)
    }
    if moved:
        Organisation.objects.filter(pk=source.pk).update(**dict.fromkeys(moved, ""))
        for name in moved:
            setattr(source, name, "")
    for name, value in moved.items():
        setattr(target, name, value)

    target.version = F("version") + 1
    target.save()
    target.refresh_from_db()

    source.merged_into = target
    source.status = Status.ARCHIVED
    source.archive_reason = _("Merged into %(name)s") % {"name": target.name}
    source.pending_changes = None
    source.version = F("version") + 1
    source.save()
    source.refresh_from_db()

    for hook in MERGE_HOOKS:
        hook(source=source, target=target, user=user)

    organisation_refresh_search(organisation=target)
    organisation_refresh_search(organisation=source)
    organisation_record_version(
        organisation=target,
        user=user,
        action="merged",
        note=_("Merged %(name)s (#%(pk)s) into this organisation")
        % {"name": source.name, "pk": source.pk},
    )
    organisation_record_version(
        organisation=source,
        user=user,
        action="merged_into",
        note=_("Merged into %(name)s (#%(pk)s)") % {"name": target.name, "pk": target.pk},
    )
    return target
