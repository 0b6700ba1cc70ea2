"""/api/v1/ endpoints of oversight."""


def register(router) -> None:
    """Add this part's endpoints to the /api/v1/ router."""
