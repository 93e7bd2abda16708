"""Reads of the orders app, one module per subject: `basket` (a basket on its way to orders, the
checkout's sections), `board` (the shop's pickup board) and `shopper` ("Mes commandes"). Which slots
a shopper can pick is read in orders.slots.availability; writes live in orders.services."""
