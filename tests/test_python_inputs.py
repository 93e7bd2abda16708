"""A form's plain <input> widgets written in Python give exactly the HTML of Django's templates."""

from django import forms

from kernel.widgets import form_inputs_in_python


class _Form(forms.Form):
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(min_value=0, max_value=9)
    name = forms.CharField(max_length=20, required=False)
    keep = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea, required=False)


def _fields_html(form) -> list[str]:
    return [str(form[name]) for name in form.fields]


def test_inputs_written_in_python_are_django_s_own_html():
    for data in (None, {"hidden": "7", "quantity": "3", "name": 'Pain "au" levain <b>', "keep": "on"}):
        expected = _fields_html(_Form(data=data, prefix="form-0"))
        form = _Form(data=data, prefix="form-0")
        form_inputs_in_python(form)
        assert _fields_html(form) == expected


def test_invalid_input_keeps_its_error_attributes():
    expected = _fields_html(_Form(data={"quantity": "12"}))
    form = _Form(data={"quantity": "12"})
    form_inputs_in_python(form)
    assert _fields_html(form) == expected
    assert 'aria-invalid="true"' in str(form["quantity"])


def test_other_widgets_and_other_forms_keep_their_templates():
    form = _Form()
    form_inputs_in_python(form)
    assert type(form.fields["note"].widget) is forms.Textarea
    assert type(_Form().fields["quantity"].widget) is forms.NumberInput
