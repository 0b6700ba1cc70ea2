"""The places app: divisions, the programme, region pairings, service centres and workstations."""

from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "bangfu.places"
    label = "places"
    verbose_name = "places"
