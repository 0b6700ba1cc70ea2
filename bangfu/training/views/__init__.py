"""Pages of the training part: sessions (sessions.py) and the roster of trainees (roster.py)."""
