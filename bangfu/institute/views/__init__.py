"""The institute's pages: the service network (network.py) and technical help (visits.py)."""
