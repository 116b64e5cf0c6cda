"""Panels on the role home pages. Each domain app registers its own in AppConfig.ready, so the core,
which every app depends on, imports none of them."""

from collections.abc import Callable

# A panel: (user) -> {"template": ..., **context} or None when it has nothing for this user.
PANELS: list[Callable] = []


def register_panel(panel: Callable) -> Callable:
    PANELS.append(panel)
    return panel


def panels_for(user) -> list[dict]:
    return [panel for build in PANELS if (panel := build(user))]
