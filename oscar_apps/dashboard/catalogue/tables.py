from django_tables2 import TemplateColumn
from oscar.apps.dashboard.catalogue import tables


class ProductTable(tables.ProductTable):
    """Oscar's product table, its checkbox column no longer sortable.

    Oscar's header for that column is a link with no text ("?sort=checkbox"), which a screen reader
    announces as a bare link; sorting by a checkbox means nothing anyway.
    """

    checkbox = TemplateColumn(
        verbose_name="",
        template_name="oscar/dashboard/catalogue/product_row_checkbox.html",
        orderable=False,
    )

    class Meta(tables.ProductTable.Meta):
        pass
