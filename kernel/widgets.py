"""Form widgets written out in Python where Django's templates cost too much per request.

Django renders a <select> through one template include per <option>: the directory's filters (two
lists of the territory's towns and the shop kinds, about 150 options) cost more than the rest of
the page. FastSelect writes the same HTML (name, attributes, options, selected ones) directly, and
form_inputs_in_python does the same for a form's plain <input> widgets (the basket page's formset).
"""

from functools import cache

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


class _PythonInput:
    """Mixed into an input widget's own class: Django's django/forms/widgets/input.html, without a template."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', str(widget["value"]))
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], shown, _attrs(widget["attrs"])
        )


# Django's widgets whose own template only includes input.html; a subclass may have its own template.
_PLAIN_INPUTS = (forms.HiddenInput, forms.NumberInput, forms.TextInput, forms.CheckboxInput)


@cache
def _python_input_class(widget_class: type) -> type:
    return type(f"Python{widget_class.__name__}", (_PythonInput, widget_class), {})


def form_inputs_in_python(form) -> None:
    """The form's plain <input> widgets write their HTML in Python: the same HTML, without Django's two
    template renders per input (a formset of a few lines has a dozen hidden inputs and checkboxes)."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) in _PLAIN_INPUTS and "template_name" not in widget.__dict__:
            # Each form has its own copy of its fields and widgets: only this form's widget changes class.
            widget.__class__ = _python_input_class(type(widget))
