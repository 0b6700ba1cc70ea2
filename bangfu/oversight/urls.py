from django.urls import include, path

from . import views

app_name = "oversight"
urlpatterns = [
    path("", views.index, name="index"),
    path("", include("bangfu.oversight.visit_urls")),
    path("", include("bangfu.oversight.support_urls")),
    path("", include("bangfu.oversight.evaluation_urls")),
]
