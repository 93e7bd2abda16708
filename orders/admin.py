"""Read-only views for superusers: counters and codes are only ever written by orders.services."""

from django.contrib import admin

from .models import Notice, OrderChange, Pickup, PickupSlot, Placement


class ReadOnlyAdmin(admin.ModelAdmin):
    # Editing a counter or a code by hand would bypass the locks that keep them right.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PickupSlot)
class PickupSlotAdmin(ReadOnlyAdmin):
    list_display = ["shop", "starts_at", "ends_at", "booked", "capacity"]
    list_filter = ["shop"]
    date_hierarchy = "starts_at"
    list_select_related = ["shop"]


@admin.register(Pickup)
class PickupAdmin(ReadOnlyAdmin):
    list_display = ["order", "shop", "slot", "code", "customer_name", "created_at"]
    list_filter = ["shop"]
    search_fields = ["code", "order__number", "customer_name"]
    list_select_related = ["order", "shop", "slot"]


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdmin):
    list_display = ["basket", "created_at"]


@admin.register(OrderChange)
class OrderChangeAdmin(ReadOnlyAdmin):
    list_display = ["order", "kind", "status_from", "status_to", "actor_kind", "actor", "created_at"]
    list_filter = ["kind", "status_to", "actor_kind"]
    search_fields = ["order__number"]
    list_select_related = ["order", "actor"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    # Unsent ones with attempts and an error are what a person may have to look at.
    list_display = ["key", "kind", "created_at", "attempts", "sent_at", "dropped_at", "last_error"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter), ("dropped_at", admin.EmptyFieldListFilter)]
    search_fields = ["key", "order__number"]
    list_select_related = ["order"]
