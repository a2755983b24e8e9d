from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    """The shared vocabulary: target groups, themes, networks and the fixed choice lists.

    The registry, meeting places, activities and forum bodies point at it; it depends on no
    app but areas (a network belongs to a welfare area).
    """

    name = "taxonomy"
    verbose_name = _("Taxonomy")
