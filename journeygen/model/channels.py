"""Channels that get an icon; any other channel text is shown without one."""

from __future__ import annotations

CHANNELS: tuple[str, ...] = (
    "website", "search", "ads", "social", "email", "phone", "chat", "events", "print",
    "store", "marketplace", "referral", "app", "review", "video", "partner",
)  # fmt: skip

# Common ways of writing a known channel, lower-cased.
ALIASES: dict[str, str] = {
    "web": "website", "site": "website", "webshop": "website", "landing page": "website",
    "google": "search", "seo": "search", "zoekmachine": "search",
    "sea": "ads", "advertising": "ads", "advertentie": "ads", "google ads": "ads",
    "linkedin": "social", "instagram": "social", "facebook": "social", "social media": "social",
    "e-mail": "email", "mail": "email", "newsletter": "email", "nieuwsbrief": "email",
    "telefoon": "phone", "call": "phone", "whatsapp": "chat", "live chat": "chat",
    "event": "events", "evenement": "events", "beurs": "events", "fair": "events",
    "drukwerk": "print", "folder": "print", "brochure": "print", "direct mail": "print",
    "winkel": "store", "shop": "store", "balie": "store", "on site": "store", "op locatie": "store",
    "mond-tot-mond": "referral", "word of mouth": "referral", "aanbeveling": "referral",
    "reviews": "review", "youtube": "video", "partners": "partner",
}  # fmt: skip


# How the sixteen channel names read on a `language: nl` site; other text is shown as written.
DUTCH: dict[str, str] = {
    "website": "website", "search": "zoekmachine", "ads": "advertenties",
    "social": "social media", "email": "e-mail", "phone": "telefoon", "chat": "chat",
    "events": "evenementen", "print": "drukwerk", "store": "winkel",
    "marketplace": "marktplaats", "referral": "aanbeveling", "app": "app",
    "review": "reviews", "video": "video", "partner": "partner",
}  # fmt: skip


def channel_label(channel: str, language: str) -> str:
    """The channel as shown: one of the sixteen names in the site's language (`phone` is
    "telefoon" in Dutch), anything else as written."""
    if language == "nl":
        return DUTCH.get(channel.strip().lower(), channel)
    return channel


def channel_icon(channel: str) -> str | None:
    key = channel.strip().lower()
    if key in CHANNELS:
        return key
    return ALIASES.get(key)
