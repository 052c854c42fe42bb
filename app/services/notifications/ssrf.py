"""Outbound requests go only to public addresses, unless an operator allow-listed a private one.

A host name is resolved once, every address it resolves to is checked, and the request is then sent to that checked
address (with the name kept for the Host header and TLS), so a name that resolves to a public address when checked
and to 127.0.0.1 a moment later (DNS rebinding) cannot steer the request inside.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from app.core.errors import ValidationFailed, field_error

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(Exception):
    """The URL's host is, or resolves to, an address outbound requests may not reach."""


@dataclass(frozen=True)
class PinnedUrl:
    url: str            # the URL with the checked address in place of the host name
    host_header: str    # what the Host header says (the name, with a non-default port)
    sni_hostname: str   # the name TLS verifies the certificate against


def _is_internal(address: IpAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
            or address.is_reserved or address.is_unspecified)


def _allowed(host: str, address: IpAddress, allow_list: list[str]) -> bool:
    for entry in allow_list:
        entry = entry.strip().lower()
        if not entry:
            continue
        if entry == host.lower():
            return True
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def check_url_shape(url: str, *, field: str = "url") -> None:
    """A 422 naming the field unless the URL is an absolute http(s) URL with a host and no credentials."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        raise ValidationFailed(detail=[field_error(field, "地址格式无效 (malformed URL)")],
                               code="webhook_url_invalid") from None
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise ValidationFailed(detail=[field_error(field, "地址中不能有空白或控制字符 (no spaces or control characters)")],
                               code="webhook_url_invalid")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationFailed(detail=[field_error(field, "应为 http:// 或 https:// 开头的完整地址 (absolute http(s) URL)")],
                               code="webhook_url_invalid")
    if parts.username or parts.password:
        raise ValidationFailed(detail=[field_error(field, "地址中不能含用户名或密码 (no credentials in the URL)")],
                               code="webhook_url_invalid")


def resolve(url: str, allow_list: list[str]) -> PinnedUrl:
    """The URL pinned to a checked address; :class:`AddressRefused` when any address the host resolves to is
    internal and not allow-listed (a name with one public and one private address is refused too)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        literal = ipaddress.ip_address(host)
        addresses: list[IpAddress] = [literal]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise AddressRefused(f"无法解析主机 {host} (cannot resolve host)") from exc
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not addresses:
        raise AddressRefused(f"无法解析主机 {host} (cannot resolve host)")
    for address in addresses:
        if _is_internal(address) and not _allowed(host, address, allow_list):
            raise AddressRefused(
                f"拒绝访问内网或本机地址 {address}（如确需使用，请运营人员加入白名单）(private address refused)")
    chosen = addresses[0]
    netloc = f"[{chosen}]" if chosen.version == 6 else str(chosen)
    if parts.port:
        netloc += f":{parts.port}"
    host_header = host + (f":{parts.port}" if parts.port else "")
    return PinnedUrl(url=urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")),
                     host_header=host_header, sni_hostname=host)


def ensure_allowed(url: str, allow_list: list[str], *, field: str = "url") -> None:
    """At registration: the same check as at send time, answered as a 422 naming the field."""
    check_url_shape(url, field=field)
    try:
        resolve(url, allow_list)
    except AddressRefused as exc:
        raise ValidationFailed(detail=[field_error(field, str(exc))], code="webhook_url_refused") from None
