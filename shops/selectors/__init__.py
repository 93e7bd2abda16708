"""Reads of the shops app, one module per subject: `public` (shops a shopper may see), `products`
(their cards and product pages), `directory` (the directory's query), `signup` and `review` (the
sign-up wizard's and the CCI's screens). Writes live in shops.services."""
