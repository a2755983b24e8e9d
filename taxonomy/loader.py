"""The curated taxonomy (target groups and themes) and the networks of the two welfare areas.

Loaded by the data migration taxonomy/0002_load_terms_and_networks through `load_taxonomy`,
which is idempotent (update_or_create by slug), so it can be run again after the lists below
change.

YSO concept IDs are given only where they were checked against published YSO usage (Linked
Events keyword sets); the rest are left blank rather than guessed.
"""

from __future__ import annotations

TARGET_GROUP = "target_group"
THEME = "theme"

# (slug, name_fi, name_sv, name_en, yso_id)
TARGET_GROUPS: list[tuple[str, str, str, str, str]] = [
    ("older-people", "ikääntyneet", "äldre", "older people", "p2433"),
    (
        "memory-disorders",
        "muistisairaat",
        "personer med minnessjukdom",
        "people with memory disorders",
        "",
    ),
    ("carers", "omaishoitajat ja läheiset", "närståendevårdare och anhöriga", "carers", ""),
    ("children", "lapset", "barn", "children", "p4354"),
    ("young-people", "nuoret", "unga", "young people", "p11617"),
    ("families", "lapsiperheet", "barnfamiljer", "families with children", "p13050"),
    (
        "disabled-people",
        "vammaiset henkilöt",
        "personer med funktionsnedsättning",
        "people with disabilities",
        "p7179",
    ),
    (
        "intellectual-disabilities",
        "kehitysvammaiset henkilöt",
        "personer med intellektuell funktionsnedsättning",
        "people with intellectual disabilities",
        "",
    ),
    (
        "mental-health-problems",
        "mielenterveyden ongelmia kokevat",
        "personer med psykisk ohälsa",
        "people with mental health problems",
        "",
    ),
    (
        "substance-problems",
        "päihde- ja riippuvuusongelmia kokevat",
        "personer med missbruks- och beroendeproblem",
        "people with substance problems",
        "",
    ),
    ("immigrants", "maahanmuuttajat", "invandrare", "immigrants", "p6165"),
    ("unemployed", "työttömät", "arbetslösa", "unemployed people", ""),
    (
        "long-term-ill",
        "pitkäaikaissairaat",
        "långtidssjuka",
        "patients with long-term illness",
        "",
    ),
    ("veterans", "veteraanit", "veteraner", "veterans", ""),
    ("living-alone", "yksin asuvat", "ensamboende", "people living alone", ""),
    (
        "experts-by-experience",
        "kokemusasiantuntijat",
        "erfarenhetsexperter",
        "experts by experience",
        "",
    ),
]

THEMES: list[tuple[str, str, str, str, str]] = [
    ("peer-support", "vertaistuki", "kamratstöd", "peer support", ""),
    ("volunteering", "vapaaehtoistoiminta", "frivilligverksamhet", "volunteering", ""),
    (
        "memory",
        "muisti ja muistisairaudet",
        "minne och minnessjukdomar",
        "memory and memory disorders",
        "",
    ),
    ("mental-health", "mielenterveys", "psykisk hälsa", "mental health", ""),
    (
        "substance-use",
        "päihteet ja riippuvuudet",
        "rusmedel och beroenden",
        "substance use and addiction",
        "",
    ),
    ("loneliness", "yksinäisyys", "ensamhet", "loneliness", ""),
    ("physical-activity", "liikunta", "motion", "physical activity", "p916"),
    ("nutrition", "ravitsemus", "kost och näring", "nutrition", ""),
    ("disability", "vammaisuus", "funktionsnedsättning", "disability", ""),
    ("diabetes", "diabetes", "diabetes", "diabetes", ""),
    ("heart-health", "sydänterveys", "hjärthälsa", "heart health", ""),
    ("cancer", "syöpä", "cancer", "cancer", ""),
    ("hearing", "kuulo", "hörsel", "hearing", ""),
    ("vision", "näkö", "syn", "vision", ""),
    ("rheumatism", "reuma", "reumatism", "rheumatism", ""),
    ("employment", "työllisyys", "sysselsättning", "employment", ""),
    ("housing", "asuminen", "boende", "housing", ""),
    ("digital-skills", "digitaidot", "digitala färdigheter", "digital skills", ""),
    ("culture", "kulttuuri", "kultur", "culture", ""),
    ("outdoor-activities", "ulkoilu", "friluftsliv", "outdoor activities", "p2771"),
    ("participation", "osallisuus", "delaktighet", "participation", "p5164"),
    ("family-support", "perheiden tuki", "stöd till familjer", "family support", ""),
    (
        "safety-rescue",
        "turvallisuus ja pelastustoiminta",
        "säkerhet och räddningsverksamhet",
        "safety and rescue work",
        "",
    ),
]

# (slug, welfare area slug, kind, name_fi, name_sv, name_en)
NETWORKS: list[tuple[str, str, str, str, str, str]] = [
    (
        "ks-jarjestoareena",
        "keski-suomi",
        "arena",
        "Keski-Suomen Järjestöareena",
        "Organisationsarenan i Mellersta Finland",
        "Central Finland Association Arena",
    ),
    (
        "ks-kumppanuuspoyta",
        "keski-suomi",
        "partnership_table",
        "Järjestöjen ja alueen kumppanuuspöytä",
        "Partnerskapsbordet för organisationerna och välfärdsområdet",
        "Partnership Table of Associations and the Region",
    ),
    (
        "ks-ikaihmisten-verkosto",
        "keski-suomi",
        "sector",
        "Keski-Suomen ikäihmisten järjestöjen verkosto",
        "Nätverket för äldreorganisationer i Mellersta Finland",
        "Older People's Associations Network of Central Finland",
    ),
    (
        "ks-mielenterveys-paihdeverkosto",
        "keski-suomi",
        "sector",
        "Keski-Suomen mielenterveys- ja päihdejärjestöjen verkosto",
        "Nätverket för organisationer inom psykisk hälsa och missbruk i Mellersta Finland",
        "Mental Health and Substance Associations Network of Central Finland",
    ),
    (
        "ks-lapsi-perheverkosto",
        "keski-suomi",
        "sector",
        "Keski-Suomen lapsi- ja perhejärjestöjen verkosto",
        "Nätverket för barn- och familjeorganisationer i Mellersta Finland",
        "Child and Family Associations Network of Central Finland",
    ),
    (
        "ks-vammais-potilasverkosto",
        "keski-suomi",
        "sector",
        "Keski-Suomen vammais- ja potilasjärjestöjen verkosto",
        "Nätverket för funktionshinder- och patientorganisationer i Mellersta Finland",
        "Disability and Patient Associations Network of Central Finland",
    ),
    (
        "ks-asiantuntijaryhma",
        "keski-suomi",
        "expert_group",
        "Sote- ja pelastusalan järjestöjen ja seurakuntien asiantuntijaryhmä",
        "Expertgruppen för social-, hälso- och räddningsorganisationer och församlingar",
        "Expert Group of Social, Health and Rescue Associations and Parishes",
    ),
    (
        "vk-kumppanuuspoyta",
        "vantaa-kerava",
        "partnership_table",
        "Vantaan ja Keravan järjestöjen kumppanuuspöytä",
        "Partnerskapsbordet för organisationerna i Vanda och Kervo",
        "Partnership Table of Associations in Vantaa and Kerava",
    ),
    (
        "vk-jarjestoverkosto",
        "vantaa-kerava",
        "arena",
        "Vantaan ja Keravan sote-järjestöjen verkosto",
        "Nätverket för social- och hälsoorganisationer i Vanda och Kervo",
        "Social and Health Associations Network of Vantaa and Kerava",
    ),
]


def load_taxonomy(term_model, network_model, welfare_area_model) -> None:
    """Create or update every term and network by slug; safe to run again.

    Takes the model classes so a migration can pass its historical models from
    `apps.get_model`.
    """
    for kind, rows in ((TARGET_GROUP, TARGET_GROUPS), (THEME, THEMES)):
        for slug, name_fi, name_sv, name_en, yso_id in rows:
            term_model.objects.update_or_create(
                slug=slug,
                defaults={
                    "kind": kind,
                    "name_fi": name_fi,
                    "name_sv": name_sv,
                    "name_en": name_en,
                    "yso_id": yso_id,
                },
            )
    areas = {area.slug: area for area in welfare_area_model.objects.all()}
    for slug, area_slug, kind, name_fi, name_sv, name_en in NETWORKS:
        area = areas.get(area_slug)
        if area is None:  # reference data without this area (not in a normal install)
            continue
        network_model.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "welfare_area": area,
                "name_fi": name_fi,
                "name_sv": name_sv,
                "name_en": name_en,
            },
        )
