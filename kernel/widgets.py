"""Form widgets written out in Python where Django's templates cost too much per request.

Django renders a <select> through one template include per <option>: the directory's filters (two
lists of the territory's towns and the shop kinds, about 150 options) cost more than the rest of
the page. FastSelect writes the same HTML (name, attributes, options, selected ones) directly.
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _attrs(attrs: dict):
    """Django's django/forms/widgets/attrs.html: ` name="value"`, a bare name for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value is not False and value is not None:
            parts.append(format_html(' {}="{}"', name, str(value)))
    return mark_safe("".join(parts))  # noqa: S308 (each part escaped by format_html)


class FastSelect(forms.Select):
    """A Select rendered without a template per option (no option groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "\n  ",
            '<option value="{}"{}>{}</option>',
            (
                (str(option["value"]), _attrs(option["attrs"]), option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html('<select name="{}"{}>\n  {}\n</select>', widget["name"], _attrs(widget["attrs"]), options)
