"""Pickup slots, from a shop's rules to a booked place: one story, told here, in the order it happens.

1. **Rules** — `shops.schedule` (pure functions over plain values): a shop's weekly opening ranges,
   its closures, slot length, preparation lead time, days ahead and same-day cut-off give the slots it
   offers, in Europe/Paris wall-clock time, right across daylight-saving changes. They live in shops
   because the shop's calendar is shop knowledge ("open now", "opens at 15:00", the directory's
   filters) that needs no order; `shops.selectors.public.shop_hours` turns a shop's rows into them.
2. **Counters** — `orders.models.PickupSlot`: one row per (shop, start) once somebody books it,
   with `capacity` and `booked`; the database refuses `booked > capacity`. A slot without a row is
   empty and takes the shop's current capacity.
3. **Availability** — `orders.slots.availability`: the offered slots joined to the counters, grouped
   by day (`slots_available`, `slots_available_for_shops`, `slot_first_free`), for the storefront,
   the basket, the checkout and the directory's "retrait aujourd'hui", in a bounded number of queries.
4. **A shopper's choice** — `orders.slots.choice`: whether the slot chosen is still offered by the
   rules at the moment of placing (`slot_wanted`), and if not, why, in the shopper's words.
5. **Booking** — `orders.locks` (every row lock and counter move of the app lives there, so the lock
   order that rules out deadlocks reads in one place): the slot rows are created if missing and locked
   in primary-key order (`pickup_slots_lock`), then a conditional UPDATE takes a place only while one
   is left (`slot_book`); `slot_release` gives it back when an order is refused, cancelled or moved.
6. **Capacity changes** — `orders.slots.capacity`: when a shopkeeper changes "commandes par créneau",
   the shops app sends `shops.signals.pickup_capacity_changed` (shops never imports orders), and the
   coming rows take the new capacity, never below what is already booked.
"""
