"""The pairing part's models, importable from `bangfu.pairing.models` as Django expects."""

from .pairings import (
    CLOSED_STATUSES,
    MAX_SLOTS,
    OPEN_STATUSES,
    SLOT_STATUSES,
    Agreement,
    Pairing,
    PairingQuerySet,
    Pathway,
    Status,
    own_or_county,
    pathway_list,
    pathway_value,
)
from .plans import ItemState, PlanItem, PlanProgress, item_state_q
from .relays import Relay, RelayQuerySet
from .suggestions import FitWeights, Suggestion, SuggestionRun, VillageOpening
from .visits import SiteVisit, SiteVisitQuerySet

__all__ = [
    "CLOSED_STATUSES",
    "MAX_SLOTS",
    "OPEN_STATUSES",
    "SLOT_STATUSES",
    "Agreement",
    "FitWeights",
    "ItemState",
    "Pairing",
    "PairingQuerySet",
    "Pathway",
    "PlanItem",
    "PlanProgress",
    "Relay",
    "RelayQuerySet",
    "SiteVisit",
    "SiteVisitQuerySet",
    "Status",
    "Suggestion",
    "SuggestionRun",
    "VillageOpening",
    "item_state_q",
    "own_or_county",
    "pathway_list",
    "pathway_value",
]
