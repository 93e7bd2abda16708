"""The questions an editor builds a survey with in /cms/: choices, a 1–5 scale, a number, free text.

Each question keeps the id Wagtail gives its block, so answers stay attached to their question when the
editor rewords it or moves it."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class QuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Question"), max_length=250)
    help = blocks.CharBlock(label=_("Aide"), max_length=250, required=False)
    required = blocks.BooleanBlock(label=_("Réponse obligatoire"), required=False, default=True)


class ChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(blocks.CharBlock(max_length=120), label=_("Réponses proposées"), min_num=2)


class SingleChoiceBlock(ChoiceQuestionBlock):
    class Meta:
        icon = "radio-full"
        label = _("Choix unique")


class MultipleChoiceBlock(ChoiceQuestionBlock):
    class Meta:
        icon = "tasks"
        label = _("Choix multiples")


class ScaleBlock(QuestionBlock):
    low = blocks.CharBlock(label=_("Libellé du 1"), max_length=60, default=_("Très mauvais"))
    high = blocks.CharBlock(label=_("Libellé du 5"), max_length=60, default=_("Très bon"))

    class Meta:
        icon = "order"
        label = _("Échelle de 1 à 5")


class NumberBlock(QuestionBlock):
    unit = blocks.CharBlock(label=_("Unité"), max_length=30, required=False, help_text=_("Par exemple : %"))
    min_value = blocks.DecimalBlock(label=_("Minimum"), required=False)
    max_value = blocks.DecimalBlock(label=_("Maximum"), required=False)

    class Meta:
        icon = "decimal"
        label = _("Nombre")


class TextBlock(QuestionBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Texte libre")


QUESTION_BLOCKS = [
    ("single", SingleChoiceBlock()),
    ("multiple", MultipleChoiceBlock()),
    ("scale", ScaleBlock()),
    ("number", NumberBlock()),
    ("text", TextBlock()),
]
