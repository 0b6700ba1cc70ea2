"""Pages of the visits app: visits (visits.py), follow-ups and helpers' problems (follow_ups.py)."""
