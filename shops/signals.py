"""What the shops app tells the apps built on it, without importing them (they connect in their ready()).

Sent by shops.services inside the change's own transaction, so a receiver's writes commit or roll back
with it.
"""

from django.dispatch import Signal

# A shop's "commandes par créneau" changed; args: shop. Orders gives the coming booked slots the new capacity.
pickup_capacity_changed = Signal()

# A shop's public profile (name, address, description…) was saved; args: shop. The site search re-indexes it.
shop_profile_changed = Signal()

# A shop's products were created, edited or deleted from its own screens (shops.services.products); args:
# products (saved ones), deleted_ids. The site search re-indexes them.
products_changed = Signal()
