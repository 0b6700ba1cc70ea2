"""The training app: sessions that train village technicians, and their trainees."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "bangfu.training"
    label = "training"
    verbose_name = _("training of village technicians")
