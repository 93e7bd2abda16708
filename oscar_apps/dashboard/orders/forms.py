from oscar.apps.dashboard.orders import forms as oscar_forms

from orders.models import order_status_label

# Oscar offers the status codes themselves ("placed", "not_collected") as choices: ours are named in words.


class OrderSearchForm(oscar_forms.OrderSearchForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (code, label if code == "" else order_status_label(code)) for code, label in self.fields["status"].choices
        ]


class OrderStatusForm(oscar_forms.OrderStatusForm):
    def __init__(self, order, *args, **kwargs):
        super().__init__(order, *args, **kwargs)
        self.fields["new_status"].choices = [
            (code, order_status_label(code)) for code, _label in self.fields["new_status"].choices
        ]
