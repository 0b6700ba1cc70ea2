"""The evaluation app: the annual evaluation: checklist, checks, rotation, ranking, notices."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "bangfu.evaluation"
    label = "evaluation"
    verbose_name = _("annual evaluation")
