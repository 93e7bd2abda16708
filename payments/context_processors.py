def online_payment(request):
    """`online_payment_enabled` for every template: the site speaks of online payment only when it is configured."""
    from .config import online_payment_enabled

    return {"online_payment_enabled": online_payment_enabled()}
