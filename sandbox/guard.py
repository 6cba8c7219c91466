"""Safe by construction: loopback only, in both directions.

Inbound, every request must name a loopback `Host` (and, when a browser sends one, a loopback `Origin`), so a
web page elsewhere cannot reach the sandbox through DNS rebinding or a cross-site form. Outbound, an audit
hook refuses every connection and name lookup beyond this machine (and the database's own host), so nothing
in the sandbox process can reach slack.com whatever code path tries.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import sys
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _hostname(authority: str) -> str:
    return urlsplit(f"//{authority}").hostname or ""


class LoopbackOnly:
    """ASGI middleware: 403 for a request whose Host or Origin is not this machine."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
            host = headers.get("host", "")
            origin = headers.get("origin")
            bad_origin = origin is not None and not (origin.startswith(("http://", "https://"))
                                                     and is_loopback(urlsplit(origin).hostname or ""))
            if not is_loopback(_hostname(host)) or bad_origin:
                response = PlainTextResponse("The sandbox answers only to this machine (127.0.0.1).", status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


_allowed_hosts: set[str] = set()
_installed = False


def confine_to_loopback(also_allow: Iterable[str] = ()) -> None:
    """From now on this process connects only to loopback addresses and `also_allow` (e.g. the database host).

    An audit hook cannot be removed, which is the point: the sandbox process stays confined until it exits.
    """
    global _installed
    for host in also_allow:
        if not host:
            continue
        _allowed_hosts.add(host.lower())
        # Connections go to addresses, not names: allow what the name stands for now, before the hook is in place.
        with contextlib.suppress(OSError):
            _allowed_hosts.update(str(info[4][0]).lower() for info in socket.getaddrinfo(host, None))
    if _installed:
        return
    sys.addaudithook(_refuse_outside)
    _installed = True


def _refuse_outside(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.getaddrinfo":
        host = args[0]
        if isinstance(host, bytes):
            host = host.decode("idna", errors="replace")
        if host and not _allowed(str(host)):
            raise PermissionError(f"the sandbox does not connect to {host}: it talks to this machine only")
    elif event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and address and not _allowed(str(address[0])):
            raise PermissionError(f"the sandbox does not connect to {address[0]}: it talks to this machine only")


def _allowed(host: str) -> bool:
    return is_loopback(host) or host.lower() in _allowed_hosts
