"""The training part's actions: sessions (sessions.py) and their rosters (trainees.py).

One business action each, keyword-only, in one audited transaction.
"""

from .sessions import roster_sync, session_save
from .trainees import (
    clean_trainee,
    match_household,
    roster_add,
    session_rematch,
    trainee_remove,
    trainee_save,
)

__all__ = [
    "clean_trainee",
    "match_household",
    "roster_add",
    "roster_sync",
    "session_rematch",
    "session_save",
    "trainee_remove",
    "trainee_save",
]
