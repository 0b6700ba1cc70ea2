"""The assistance pages' URLs, under /assistance/."""

from django.urls import path

from .views import projects, recording, records, review

app_name = "assistance"
urlpatterns = [
    path("", records.assistance_list, name="list"),
    path("new/", recording.assistance_create, name="create"),
    path("confirm/", review.confirmation_queue, name="queue"),
    path("confirm/many/", review.confirmation_bulk, name="queue_bulk"),
    path("households/", recording.village_households, name="households"),
    path("projects/", projects.project_list, name="projects"),
    path("projects/<slug:code>/", projects.project_detail, name="project"),
    path("projects/<slug:code>/progress/", projects.project_progress_add, name="project_progress"),
    path("<str:number>/", records.assistance_detail, name="detail"),
    path("<str:number>/edit/", recording.assistance_edit, name="edit"),
    path("<str:number>/do/<str:action>/", review.assistance_action, name="action"),
    path("<str:number>/note/<str:action>/", review.assistance_note_action, name="note_action"),
    path("<str:number>/correct/", recording.assistance_correct, name="correct"),
    path("<str:number>/files/<str:key>/", records.evidence_file, name="file"),
]
