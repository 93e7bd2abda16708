"""The blocks an editor builds a restart checklist with in /cms/: sections of weighted items, each with its advice."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ChecklistItemBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Point à vérifier"), max_length=200)
    advice = blocks.TextBlock(
        label=_("Conseil si ce n'est pas fait"),
        max_length=1000,
        help_text=_("Affiché dans le diagnostic quand l'entreprise n'a pas coché ce point."),
    )
    weight = blocks.IntegerBlock(
        label=_("Poids"), min_value=1, max_value=10, default=1, help_text=_("De 1 (utile) à 10 (indispensable).")
    )
    guide = blocks.PageChooserBlock(label=_("Guide à lire"), required=False)

    class Meta:
        icon = "tick"
        label = _("Point")


class ChecklistSectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre de la section"), max_length=120)
    items = blocks.ListBlock(ChecklistItemBlock(), label=_("Points"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Section")
