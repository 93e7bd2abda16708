"""The answer form of a wave, built from the survey's questions."""

from django import forms

from ..questions import Question


def _field(question: Question) -> forms.Field:
    common = {"label": question.label, "help_text": question.help, "required": question.required}
    if question.kind == "single":
        return forms.ChoiceField(choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common)
    if question.kind == "multiple":
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in question.choices], widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == "scale":
        labels = {"1": f"1 – {question.low}", "5": f"5 – {question.high}"}
        return forms.TypedChoiceField(
            choices=[(c, labels.get(c, c)) for c in question.choices],
            coerce=int,
            widget=forms.RadioSelect,
            **common,
        )
    if question.kind == "number":
        return forms.DecimalField(
            min_value=question.min_value,
            max_value=question.max_value,
            max_digits=12,
            decimal_places=2,
            localize=True,
            **common,
        )
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=2000, **common)


class AnswerForm(forms.Form):
    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field = _field(question)
            if question.kind == "number" and question.unit:
                field.label = f"{question.label} ({question.unit})"
            self.fields[question.id] = field
