"""The annual evaluation, the rotation and the notices (included by urls.py)."""

from django.urls import path

from bangfu.evaluation.views import checklist, evaluations, notices, rotation

app_name = "evaluation"

urlpatterns = [
    path("evaluations/", evaluations.evaluation_list, name="evaluations"),
    path("evaluations/<int:pk>/", evaluations.evaluation_detail, name="evaluation"),
    path(
        "evaluations/<int:pk>/score/<str:kind>/",
        evaluations.evaluation_score,
        name="evaluation_score",
    ),
    path(
        "evaluations/<int:pk>/reopen/<str:kind>/",
        evaluations.evaluation_reopen,
        name="evaluation_reopen",
    ),
    path("evaluations/years/new/", checklist.checklist_create, name="checklist_create"),
    path("evaluations/years/<int:year>/checklist/", checklist.checklist_detail, name="checklist"),
    path(
        "evaluations/years/<int:year>/checklist/items/new/",
        checklist.checklist_item_create,
        name="checklist_item_create",
    ),
    path(
        "evaluations/years/<int:year>/checklist/items/<int:pk>/",
        checklist.checklist_item_edit,
        name="checklist_item_edit",
    ),
    path(
        "evaluations/years/<int:year>/finalise/",
        evaluations.evaluation_finalise,
        name="evaluation_finalise",
    ),
    path("evaluations/years/<int:year>/rotation/", rotation.rotation_page, name="rotation"),
    path(
        "evaluations/years/<int:year>/rotation/propose/",
        rotation.rotation_propose,
        name="rotation_propose",
    ),
    path(
        "evaluations/years/<int:year>/rotation/adjust/",
        rotation.rotation_adjust,
        name="rotation_adjust",
    ),
    path(
        "evaluations/years/<int:year>/inspectors/",
        rotation.inspector_assign,
        name="inspector_assign",
    ),
    path("notices/", notices.notice_list, name="notices"),
    path("notices/new/", notices.notice_create, name="notice_create"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice"),
    path("notices/<int:pk>/edit/", notices.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/entries/new/", notices.notice_entry_create, name="notice_entry_create"),
    path(
        "notices/<int:pk>/entries/<int:entry_pk>/",
        notices.notice_entry_edit,
        name="notice_entry_edit",
    ),
    path(
        "notices/<int:pk>/entries/<int:entry_pk>/remove/",
        notices.notice_entry_remove,
        name="notice_entry_remove",
    ),
    path("notices/<int:pk>/issue/", notices.notice_issue, name="notice_issue"),
    path("notices/<int:pk>/notice.docx", notices.notice_document, name="notice_document"),
]
