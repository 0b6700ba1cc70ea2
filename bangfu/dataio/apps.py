"""The data import and export app: the registries' spreadsheets in and out (pages, jobs)."""

from django.apps import AppConfig


class DataioConfig(AppConfig):
    name = "bangfu.dataio"
    label = "dataio"
    verbose_name = "data import and export"
