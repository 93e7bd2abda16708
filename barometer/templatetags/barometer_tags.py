"""The rows of a barometer table, written in one go: a town breakdown has dozens of rows of eight cells, which
the template engine would render node by node."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return number_format(value)
    return str(value)


@register.simple_tag
def barometer_rows(table):
    """<tr>s of the table: the first cell a row header, the figures right-aligned, a missing one as "—"."""
    return format_html_join(
        "",
        '<tr><th scope="row">{}</th>{}</tr>',
        (
            (row[0], mark_safe("".join(format_html('<td class="num">{}</td>', _cell(cell)) for cell in row[1:])))  # noqa: S308
            for row in table.rows
        ),
    )
