"""/api/v1/ endpoints of oversight."""


def register(router) -> None:
    """Add this part's endpoints to the /api/v1/ router."""
    from . import evaluation_api, support_api, visit_api

    router.register("visits", visit_api.VisitViewSet, basename="visit")
    router.register("follow-ups", visit_api.FollowUpViewSet, basename="follow-up")
    router.register("loans", support_api.LoanViewSet, basename="loan")
    router.register(
        "donation-receipts", support_api.DonationReceiptViewSet, basename="donation-receipt"
    )
    evaluation_api.register(router)
