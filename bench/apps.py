from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark harness: synthetic data and measurements. Nothing imports it."""

    name = "bench"
