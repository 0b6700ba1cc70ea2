"""Sections that apps above helpers add to a helper's page (the pairing app: its villages).

helpers sits below pairing and cannot ask it for a helper's pairings; the pairing app adds its
section at start-up (`PairingConfig.ready()`). A section is a function of the request and the
helper that returns the template to include and the context it needs.
"""

from __future__ import annotations

from collections.abc import Callable

Section = Callable[..., tuple[str, dict]]  # (*, request, helper) -> (template, context)

_sections: list[Section] = []


def add_section(section: Section) -> None:
    """Show `section` on every helper's page, after the ones added before it."""
    if section not in _sections:
        _sections.append(section)


def sections_for(*, request, helper) -> tuple[list[str], dict]:
    """The templates of the sections, in order, and the context they need together."""
    templates: list[str] = []
    context: dict = {}
    for section in _sections:
        template, extra = section(request=request, helper=helper)
        templates.append(template)
        context.update(extra)
    return templates, context
