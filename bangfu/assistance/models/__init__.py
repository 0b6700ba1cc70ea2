"""The assistance part's models, importable from `bangfu.assistance.models` as Django expects.

`new_record_no` stays importable here: the first migration names it as a field's default."""

from .kinds import (
    COUNT_FIELDS,
    KINDS_BY_PATHWAY,
    MAX_COUNT,
    MAX_YUAN,
    MEASURE_FIELDS,
    MONEY_FIELDS,
    AssistanceStatus,
    Kind,
)
from .projects import Project, ProjectProgress, ProjectProgressQuerySet
from .records import Assistance, AssistanceQuerySet, Beneficiary, PeriodLock, new_record_no
from .snapshots import PeriodFigures

__all__ = [
    "COUNT_FIELDS",
    "KINDS_BY_PATHWAY",
    "MAX_COUNT",
    "MAX_YUAN",
    "MEASURE_FIELDS",
    "MONEY_FIELDS",
    "Assistance",
    "AssistanceQuerySet",
    "AssistanceStatus",
    "Beneficiary",
    "Kind",
    "PeriodFigures",
    "PeriodLock",
    "Project",
    "ProjectProgress",
    "ProjectProgressQuerySet",
    "new_record_no",
]
