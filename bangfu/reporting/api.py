"""/api/v1/ endpoints of the reporting calendar."""


def register(router) -> None:
    """Add this part's endpoints to the /api/v1/ router."""
