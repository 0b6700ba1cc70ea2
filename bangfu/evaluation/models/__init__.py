"""The annual evaluation's models: checklist, evaluations and checks, cross-checks, notices.

One module per sub-topic; the classes are imported here, where Django and the other apps
look for them (`bangfu.evaluation.models.Evaluation`).
"""

from bangfu.evaluation.models.checklist import Checklist, ChecklistItem, EvidenceKey, ItemGroup
from bangfu.evaluation.models.cross_checks import CrossCheckAssignment
from bangfu.evaluation.models.evaluation import Evaluation, Grade, Score, ScoreSheet, SheetKind
from bangfu.evaluation.models.notices import Notice, NoticeEntry

__all__ = [
    "Checklist",
    "ChecklistItem",
    "CrossCheckAssignment",
    "Evaluation",
    "EvidenceKey",
    "Grade",
    "ItemGroup",
    "Notice",
    "NoticeEntry",
    "Score",
    "ScoreSheet",
    "SheetKind",
]
