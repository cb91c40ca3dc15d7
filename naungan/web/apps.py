from django.apps import AppConfig


class WebConfig(AppConfig):
    """The shell on top of every app: navigation, home page, context processor, error pages, the
    demo loader and the periodic-task runner. No app imports it."""

    name = "naungan.web"
    label = "web"
