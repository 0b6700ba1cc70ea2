from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "bangfu.places"
    label = "places"
    verbose_name = "places"
