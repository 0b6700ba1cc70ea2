"""The pairing part's Django app: who helps which village, from proposal to relay."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _paired_helper_ids(county_id: int):
    """The helpers with a pairing (any status) with a village of the county."""
    from .models import Pairing

    return Pairing.objects.filter(county_id=county_id).values_list("helper_id", flat=True)


class PairingConfig(AppConfig):
    name = "bangfu.pairing"
    label = "pairing"
    verbose_name = _("pairings")

    def ready(self):
        from bangfu.accounts import contacts

        # a county office sees in full the numbers of the helpers paired with it
        contacts.set_paired_helpers(_paired_helper_ids)
