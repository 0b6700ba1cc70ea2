"""The annual evaluation, the rotation and the notices (included by urls.py)."""

from django.urls import path

from bangfu.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("evaluations/", views.evaluation_list, name="evaluations"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/score/<str:kind>/", views.evaluation_score, name="evaluation_score"),
    path(
        "evaluations/<int:pk>/reopen/<str:kind>/", views.evaluation_reopen, name="evaluation_reopen"
    ),
    path("evaluations/years/new/", views.checklist_create, name="checklist_create"),
    path("evaluations/years/<int:year>/checklist/", views.checklist_detail, name="checklist"),
    path(
        "evaluations/years/<int:year>/checklist/items/new/",
        views.checklist_item_create,
        name="checklist_item_create",
    ),
    path(
        "evaluations/years/<int:year>/checklist/items/<int:pk>/",
        views.checklist_item_edit,
        name="checklist_item_edit",
    ),
    path(
        "evaluations/years/<int:year>/finalise/",
        views.evaluation_finalise,
        name="evaluation_finalise",
    ),
    path("evaluations/years/<int:year>/rotation/", views.rotation_page, name="rotation"),
    path(
        "evaluations/years/<int:year>/rotation/propose/",
        views.rotation_propose,
        name="rotation_propose",
    ),
    path(
        "evaluations/years/<int:year>/rotation/adjust/",
        views.rotation_adjust,
        name="rotation_adjust",
    ),
    path(
        "evaluations/years/<int:year>/inspectors/",
        views.inspector_assign,
        name="inspector_assign",
    ),
    path("notices/", views.notice_list, name="notices"),
    path("notices/new/", views.notice_create, name="notice_create"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/entries/new/", views.notice_entry_create, name="notice_entry_create"),
    path("notices/<int:pk>/issue/", views.notice_issue, name="notice_issue"),
    path("notices/<int:pk>/notice.docx", views.notice_document, name="notice_document"),
]
