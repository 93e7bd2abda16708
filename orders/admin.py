"""Read-only views for superusers: counters and codes are only ever written by orders.services."""

from django.contrib import admin

from .models import Pickup, PickupSlot, Placement


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
