"""`drillcards serve`: the catalogue, drill pages and the session builder on a local web server,
until Ctrl-C."""

from __future__ import annotations

import ipaddress
import signal
from collections.abc import Callable
from pathlib import Path

LOCAL = "127.0.0.1"


def is_local(host: str) -> bool:
    """Whether only this computer can reach an address bound to `host`."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    say: Callable[[str], None],
    warn: Callable[[str], None],
    drills: Path | None = None,
    club_file: Path | None = None,
    templates: Path | None = None,
    host: str = LOCAL,
    port: int = 8000,
    workers: int = 0,
) -> None:
    """Read the library (a mistake stops here, as in every command), then serve it until
    Ctrl-C; the library is read again after every save of its files."""
    import uvicorn

    from ..server.app import make_app
    from ..server.live import Sources

    local = is_local(host)
    hosts = ("127.0.0.1", "localhost", "[::1]") if local else None
    app = make_app(Sources(drills, club_file, templates), workers=workers, allowed_hosts=hosts)
    if not local:
        warn(
            f"--host {host}: every computer that can reach this one on port {port} can use the "
            "server and read your drills; use it on a network you trust, and stop it with "
            "Ctrl-C when done"
        )
    shown = f"[{host}]" if ":" in host else host
    say(
        f"serving the drills at http://{'127.0.0.1' if host == '0.0.0.0' else shown}:{port}/ "
        "(Ctrl-C stops)"
    )
    # uvicorn stops on Ctrl-C or SIGTERM, then raises the signal again for the handler that was
    # there before: a quiet one here, so the server says it stopped instead of dying mid-word
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)
    try:
        # h11 refuses longer request heads itself; the app caps the query string below that
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            h11_max_incomplete_event_size=64 * 1024,
            timeout_graceful_shutdown=2,
        )
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    say("stopped serving")
