"""The poverty registry (建档立卡): village profiles, poor households and their members.

The models are importable from `bangfu.registry.models`, as Django expects. ID numbers and
phones are stored AES-GCM encrypted with a keyed hash beside them (`core.crypto`); the hash
carries uniqueness and exact lookup. Each household and member belongs to a village, and
carries its county for the one-column scope filter.
"""

from .households import (
    Cause,
    Household,
    HouseholdQuerySet,
    Income,
    MonitoringStatus,
    RigidExpense,
    new_ref,
    prefix_q,
)
from .members import Member
from .scoping import ScopedQuerySet
from .villages import VillageProfile, VillageProfileQuerySet

__all__ = [
    "Cause",
    "Household",
    "HouseholdQuerySet",
    "Income",
    "Member",
    "MonitoringStatus",
    "RigidExpense",
    "ScopedQuerySet",
    "VillageProfile",
    "VillageProfileQuerySet",
    "new_ref",  # the default of Household.ref, named by migration 0001
    "prefix_q",
]
