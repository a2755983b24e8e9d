"""The shared vocabulary of the portal: target groups and themes (`Term`), the networks of a
welfare area (`Network`) and the fixed choice lists (sectors, roles, service languages and
kinds of services).

Organisations, meeting places, activities and forum bodies point at these; the tables keep the
names they had inside the registry (`organisations_term`, `organisations_network`), so the
move here (taxonomy/0001 and organisations/0004) changed no rows.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from areas.models import WelfareArea
from portal.lib.translation import localised


class Category(models.TextChoices):
    """The ten sectors of social and health associations (domain.md)."""

    OLDER_PEOPLE = "older_people", _("Older people")
    PATIENT_DISABILITY = "patient_disability", _("Patient, public health and disability")
    CHILD_FAMILY = "child_family", _("Children and families")
    WELLBEING = "wellbeing", _("General health and wellbeing")
    MENTAL_SUBSTANCE = "mental_substance", _("Mental health, substance use and addiction")
    CARERS = "carers", _("Carers")
    RESCUE = "rescue", _("Volunteer rescue")
    YOUTH = "youth", _("Youth education")
    EMPLOYMENT = "employment", _("Employment")
    OTHER = "other", _("Other social and health work")


class Role(models.TextChoices):
    SERVICES = "services", _("Producing and developing services")
    PARTICIPATION = "participation", _("Promoting participation and influence")
    WELLBEING = "wellbeing", _("Promoting health and wellbeing")
    ADVOCACY = "advocacy", _("Being the voice of service users")
    CIVIL_SOCIETY = "civil_society", _("Upholding civil society and democracy")
    VOLUNTEERING = "volunteering", _("Volunteering and peer support")


class ServiceLanguage(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    PLAIN_FINNISH = "selko", _("Plain Finnish")
    OTHER = "other", _("Other languages")


class ServiceKind(models.TextChoices):
    DAY_ACTIVITIES = "day_activities", _("Day activities")
    HOME_HELP = "home_help", _("Home help")
    SERVICE_HOUSING = "service_housing", _("Service housing")
    ENHANCED_HOUSING = "enhanced_housing", _("Enhanced service housing")
    REHABILITATIVE_WORK = "rehabilitative_work", _("Rehabilitative work activity")
    DAY_CARE = "day_care", _("Day care")
    SHELTER = "shelter", _("Emergency shelter and sobering-up station")
    FAMILY_WORK = "family_work", _("Family work")
    SUBSTANCE_REHAB = "substance_rehab", _("Outpatient substance rehabilitation")
    SUPERVISED_MEETINGS = "supervised_meetings", _("Supervised parent–child meetings")
    WORK_CENTRE = "work_centre", _("Work and activity centre")


class Term(models.Model):
    """A term of our small curated taxonomy of target groups and themes."""

    class Kind(models.TextChoices):
        TARGET_GROUP = "target_group", _("Target group")
        THEME = "theme", _("Theme")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    yso_id = models.CharField(
        _("YSO concept ID"),
        max_length=20,
        blank=True,
        help_text=_("For example p4354. Links the term to the General Finnish Ontology."),
    )

    class Meta:
        db_table = "organisations_term"  # created by the registry before the move
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["kind", "name_fi"]

    def __str__(self) -> str:
        return localised(self, "name")

    @property
    def yso_url(self) -> str:
        return f"http://www.yso.fi/onto/yso/{self.yso_id}" if self.yso_id else ""


def terms_field(kind: Term.Kind, related_name: str) -> models.ManyToManyField[Term, Any]:
    """The target groups or the themes of an organisation or an activity: terms of one kind."""
    return models.ManyToManyField(
        Term,
        verbose_name=_("target groups") if kind == Term.Kind.TARGET_GROUP else _("themes"),
        blank=True,
        related_name=related_name,
        limit_choices_to={"kind": kind},
    )


class Network(models.Model):
    """A network organisations belong to: the association arena, a partnership table, ..."""

    class Kind(models.TextChoices):
        ARENA = "arena", _("Association arena")
        PARTNERSHIP_TABLE = "partnership_table", _("Partnership table")
        SECTOR = "sector", _("Sector network")
        EXPERT_GROUP = "expert_group", _("Expert group")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    welfare_area = models.ForeignKey(
        WelfareArea,
        verbose_name=_("welfare area"),
        on_delete=models.PROTECT,
        related_name="networks",
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=150)
    name_sv = models.CharField(_("name in Swedish"), max_length=150, blank=True)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)

    class Meta:
        db_table = "organisations_network"  # created by the registry before the move
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name_fi"]

    def __str__(self) -> str:
        return localised(self, "name")
