"""Relapse-monitoring actions: open a case, walk its steps, follow it up, remove the risk.

One function per action, each checking who may act and saving through `BusinessModel`
(audited); the rules they apply are in `monitoring.rules`.
"""
