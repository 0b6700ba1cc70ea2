from django.urls import path

from . import views

app_name = "assistance"
urlpatterns = [
    path("", views.assistance_list, name="list"),
    path("new/", views.assistance_create, name="create"),
    path("confirm/", views.confirmation_queue, name="queue"),
    path("confirm/many/", views.confirmation_bulk, name="queue_bulk"),
    path("households/", views.village_households, name="households"),
    path("projects/", views.project_list, name="projects"),
    path("projects/<slug:code>/", views.project_detail, name="project"),
    path("projects/<slug:code>/progress/", views.project_progress_add, name="project_progress"),
    path("<str:number>/", views.assistance_detail, name="detail"),
    path("<str:number>/edit/", views.assistance_edit, name="edit"),
    path("<str:number>/do/<str:action>/", views.assistance_action, name="action"),
    path("<str:number>/note/<str:action>/", views.assistance_note_action, name="note_action"),
    path("<str:number>/correct/", views.assistance_correct, name="correct"),
    path("<str:number>/files/<str:key>/", views.evidence_file, name="file"),
]
