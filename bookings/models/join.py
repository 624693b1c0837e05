"""How the interpreter and the requester meet for a job: a number to call, a meeting link or an address."""

import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote_plus

from django.conf import settings
from django.utils.translation import gettext_lazy as _

PHONE, VIDEO, ON_SITE = "phone", "video", "on_site"
LINK = re.compile(r"^https://\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class Join:
    kind: str  # phone, video or on_site (the booking's mode)
    value: str  # the number, the meeting link or the address, as shown
    href: str  # tel:, https: or a map link

    @property
    def label(self):
        return {PHONE: _("Bel naar"), VIDEO: _("Videolink"), ON_SITE: _("Adres")}[self.kind]

    def as_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value, "href": self.href}


def meeting_room_name() -> str:
    """Unguessable: 128 random bits, so nobody finds a room by trying names."""
    return f"Tolkportaal-{secrets.token_urlsafe(16)}"


def meeting_room_url(room: str) -> str:
    return settings.TOLK_VIDEO_BASE_URL.rstrip("/") + "/" + room


def tel_href(number: str) -> str:
    """`tel:` in international form: Belgian numbers written nationally (0…) get +32."""
    digits = re.sub(r"[^\d+]", "", number)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+32" + digits[1:]
    return f"tel:{digits}"


def map_href(address: str) -> str:
    return f"https://www.openstreetmap.org/search?query={quote_plus(address)}"


def join_for(*, mode: str, connection_details: str, meeting_room: str, address: str, fallback_phone: str = ""):
    """The join details of a job in `mode`, or None when there is nothing to join with yet."""
    details = connection_details.strip()
    if mode == PHONE:
        number = details or fallback_phone.strip()
        return Join(PHONE, number, tel_href(number)) if re.search(r"\d{6}", re.sub(r"\D", "", number)) else None
    if mode == VIDEO:
        if LINK.match(details):
            return Join(VIDEO, details, details)
        return Join(VIDEO, meeting_room_url(meeting_room), meeting_room_url(meeting_room)) if meeting_room else None
    if mode == ON_SITE and address:
        return Join(ON_SITE, address, map_href(address))
    return None
