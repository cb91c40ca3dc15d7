from django import template

from naungan.field.strings import client_strings

register = template.Library()


@register.simple_tag
def field_strings() -> dict[str, str]:
    """The field script's messages in the page's language (see naungan/field/strings.py)."""
    return client_strings()
