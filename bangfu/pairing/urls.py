"""The pairing pages' URLs, under /pairings/."""

from django.urls import path

from .views import agreements, coverage, pairings, plans, relays, suggestions, visits

app_name = "pairing"
urlpatterns = [
    path("", pairings.pairing_list, name="list"),
    path("new/", pairings.pairing_create, name="create"),
    path("export.xlsx", pairings.pairing_list_export, name="export"),
    path("coverage/", coverage.coverage, name="coverage"),
    path("suggestions/", suggestions.suggestion_index, name="suggestions"),
    path("suggestions/weights/", suggestions.suggestion_weights, name="suggestion_weights"),
    path("suggestions/open/", suggestions.suggestion_open_village, name="suggestion_open"),
    path("suggestions/<uuid:public_id>/", suggestions.suggestion_run, name="suggestion_run"),
    path(
        "suggestions/<uuid:public_id>/accept/",
        suggestions.suggestion_accept,
        name="suggestion_accept",
    ),
    path(
        "suggestions/<uuid:public_id>/reject/<int:pk>/",
        suggestions.suggestion_reject_view,
        name="suggestion_reject",
    ),
    path("visits/", visits.visit_list, name="visits"),
    path("visits/new/", visits.visit_create, name="visit_create"),
    path("visits/<int:visit_id>/files/<str:key>/", visits.visit_file, name="visit_file"),
    path("relays/", relays.relay_list, name="relays"),
    path("relays/<int:pk>/", relays.relay_detail, name="relay"),
    path("<str:number>/", pairings.pairing_detail, name="detail"),
    path("<str:number>/edit/", pairings.pairing_edit, name="edit"),
    path("<str:number>/do/<str:action>/", pairings.pairing_action, name="action"),
    path("<str:number>/reason/<str:action>/", pairings.pairing_reason_action, name="reason_action"),
    path(
        "<str:number>/agreement.<str:ext>",
        agreements.agreement_document,
        name="agreement_document",
    ),
    path("<str:number>/agreement/", agreements.agreement_upload, name="agreement_upload"),
    path("<str:number>/files/<str:key>/", agreements.stored_file, name="file"),
    path("<str:number>/plan/new/", plans.plan_item_edit, name="plan_item_create"),
    path("<str:number>/plan/<int:item_id>/", plans.plan_item_edit, name="plan_item_edit"),
    path("<str:number>/plan/<int:item_id>/progress/", plans.progress_add, name="progress_add"),
]
