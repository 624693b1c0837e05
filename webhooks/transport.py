"""One POST to a requester's system, never to our own network.

The host is resolved when the delivery is sent (not only when the endpoint was saved: DNS can change), every
address it resolves to is checked, and the connection goes to the address that was checked, so a second,
different answer from DNS (rebinding) cannot slip in between the check and the connect. Redirects are not
followed: a 3xx is an answer like any other and counts as a failure.
"""

import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPException, HTTPSConnection
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

RESPONSE_KEPT_BYTES = 1024  # the first bytes of the answer, for the delivery log
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class RefusedAddress(Exception):
    """The endpoint's address may not be called (plain http, or an address in a private range)."""


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    duration_ms: int
    response_start: str
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def is_public(address: str) -> bool:
    """Not loopback, private, link-local, shared (CGNAT), reserved, multicast or unspecified; IPv4-mapped IPv6
    addresses count as the IPv4 address they carry."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def scheme_allowed(scheme: str, host: str) -> bool:
    if scheme == "https":
        return True
    return scheme == "http" and settings.TOLK_WEBHOOKS_ALLOW_LOCAL and host in LOCAL_HOSTS


def address_checked(host: str, port: int) -> str:
    """The address to connect to: the first that `host` resolves to, once every one of them is allowed."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        reason = _("Het adres %(host)s bestaat niet (%(error)s).") % {"host": host, "error": error}
        raise RefusedAddress(reason) from None
    addresses = [info[4][0] for info in found]
    if not settings.TOLK_WEBHOOKS_ALLOW_LOCAL:
        refused = [address for address in addresses if not is_public(address)]
        if refused:
            reason = _("%(host)s wijst naar een intern adres (%(address)s).") % {"host": host, "address": refused[0]}
            raise RefusedAddress(reason)
    return addresses[0]


def _connection(scheme: str, host: str, port: int, address: str, timeout: float) -> HTTPConnection:
    if scheme == "https":
        connection = HTTPSConnection(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        connection = HTTPConnection(host, port, timeout=timeout)
    # http.client connects through this attribute: to the checked address, while the Host header, SNI and the
    # certificate check still use the host name.
    connection._create_connection = lambda _address, *args, **kwargs: socket.create_connection(
        (address, port), *args, **kwargs
    )
    return connection


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST `body` to `url`; an answer whatever happens (a refused address, a timeout, a reset, any status)."""
    parts = urlsplit(url)
    scheme, host = parts.scheme, parts.hostname or ""
    port = parts.port or (443 if scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        if not scheme_allowed(scheme, host):
            raise RefusedAddress(_("Alleen https-adressen worden beleverd."))
        address = address_checked(host, port)
        connection = _connection(scheme, host, port, address, settings.TOLK_WEBHOOK_TIMEOUT_SECONDS)
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            start = response.read(RESPONSE_KEPT_BYTES)
        finally:
            connection.close()
    except (RefusedAddress, OSError, HTTPException, ValueError) as error:  # ValueError: a name IDNA cannot encode
        return Answer(None, took(), "", f"{type(error).__name__}: {error}"[:2000])
    return Answer(response.status, took(), start.decode("utf-8", "replace"))
