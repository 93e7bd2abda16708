"""The permission groups, shared by the migrations that create them and the tests."""

SHOPKEEPERS = "Commerçants"
EDITORS = "Éditeurs CCI"
# Editors write and submit; senior editors publish (the moderation workflow's approval task is theirs).
SENIOR_EDITORS = "Rédacteurs en chef CCI"
STAFF = "Équipe CCI"

# A shopkeeper reaches Oscar's dashboard through Oscar's partner permission; the
# dashboard then restricts them to their own partner's products and orders.
SHOPKEEPER_PERMISSIONS = [("partner", "dashboard_access")]

# Operations staff run the marketplace from Oscar's dashboard: every model of these apps.
STAFF_APPS = [
    "catalogue",
    "partner",
    "order",
    "offer",
    "voucher",
    "customer",
    "reviews",
    "flatpages",
    "communication",
    "payment",
    "address",
    "shipping",
    "basket",
    "wishlists",
    "shops",
    "orders",
    # Oscar's customer and report screens: the user model lives in our accounts app.
    "accounts",
    "analytics",
]

EDITOR_PERMISSIONS = [("wagtailadmin", "access_admin")]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]
SENIOR_EDITOR_PAGE_PERMISSIONS = [*EDITOR_PAGE_PERMISSIONS, "publish_page"]
WORKFLOW_NAME = "Relecture CCI"
WORKFLOW_TASK_NAME = "Validation par un rédacteur en chef"
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
