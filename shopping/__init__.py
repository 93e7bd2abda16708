"""The shopper's pages that compose several domains: the shop directory, the storefront, the product page.

A page that needs only one domain lives in that domain's app (the checkout and "Mes commandes" in
orders, the search results in sitesearch, the home page in editorial); a page here may read shops and
orders at once, which neither of them may do of the other. Nothing but the project's wiring imports it.
"""
