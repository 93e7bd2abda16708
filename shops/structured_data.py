"""A storefront described to search engines (schema.org LocalBusiness): what local results show."""

from shops.models import Shop, Weekday

_DAYS = {day.value: day.name.capitalize() for day in Weekday}


def shop_local_business(*, shop: Shop, url: str, image_url: str = "") -> dict:
    """The shop's name, address, position, phone and weekly opening hours (uses prefetched ranges)."""
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": shop.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": shop.address,
            "postalCode": shop.postcode,
            "addressLocality": shop.town,
            "addressCountry": "FR",
        },
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{_DAYS[r.weekday]}",
                "opens": r.opens.isoformat(timespec="minutes"),
                "closes": r.closes.isoformat(timespec="minutes"),
            }
            for r in shop.opening_ranges.all()
        ],
    }
    if shop.latitude is not None and shop.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": float(shop.latitude), "longitude": float(shop.longitude)}
    if shop.phone:
        data["telephone"] = shop.phone
    if image_url:
        data["image"] = image_url
    return data
