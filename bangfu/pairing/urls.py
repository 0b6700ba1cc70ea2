from django.urls import path

from . import views

app_name = "pairing"
urlpatterns = [
    path("", views.pairing_list, name="list"),
    path("new/", views.pairing_create, name="create"),
    path("export.xlsx", views.pairing_list_export, name="export"),
    path("coverage/", views.coverage, name="coverage"),
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:visit_id>/files/<str:key>/", views.visit_file, name="visit_file"),
    path("relays/", views.relay_list, name="relays"),
    path("relays/<int:pk>/", views.relay_detail, name="relay"),
    path("<str:number>/", views.pairing_detail, name="detail"),
    path("<str:number>/edit/", views.pairing_edit, name="edit"),
    path("<str:number>/do/<str:action>/", views.pairing_action, name="action"),
    path("<str:number>/reason/<str:action>/", views.pairing_reason_action, name="reason_action"),
    path("<str:number>/agreement.<str:ext>", views.agreement_document, name="agreement_document"),
    path("<str:number>/agreement/", views.agreement_upload, name="agreement_upload"),
    path("<str:number>/files/<str:key>/", views.stored_file, name="file"),
    path("<str:number>/plan/new/", views.plan_item_edit, name="plan_item_create"),
    path("<str:number>/plan/<int:item_id>/", views.plan_item_edit, name="plan_item_edit"),
    path("<str:number>/plan/<int:item_id>/progress/", views.progress_add, name="progress_add"),
]
