"""A local HTTP server for the fetch tests (no test touches the internet), and feeds to serve."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: A route's answer: (status, headers, body), or None when the route answered by itself.
Answer = tuple[int, dict[str, str], bytes]


def rss(
    *items: tuple[str, str],
    date: str = "Thu, 12 Jun 2025 07:30:00 GMT",
    text: str = "Text of {}.",
    link: str = "https://news.example/{}",
) -> bytes:
    """An RSS 2.0 feed of (guid, title) items: each links to ``link`` with its guid, and says
    ``text`` with its title; ``date`` for all ("" for none)."""
    body = "".join(
        f"<item><title>{title}</title><guid>{guid}</guid><link>{link.format(guid)}</link>"
        + (f"<pubDate>{date}</pubDate>" if date else "")
        + f"<description>{text.format(title)}</description></item>"
        for guid, title in items
    )
    channel = f"<channel><title>Wire</title>{body}</channel>"
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0">{channel}</rss>'.encode()


class Server:
    """Routes: path -> (status, headers, body) or a callable of the handler giving them (or
    None when it answered itself); records the requests."""

    def __init__(self) -> None:
        self.routes: dict[str, object] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path, (404, {}, b"no such page"))
                answer = route(self) if callable(route) else route
                if answer is None:
                    return
                status, headers, body = answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def asked(self, path: str) -> int:
        return sum(1 for asked, _ in self.requests if asked == path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def reset(handler: BaseHTTPRequestHandler) -> None:
    """Close the connection with a TCP reset, before any answer."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True


def endless(handler: BaseHTTPRequestHandler) -> None:
    """A 200 with no length that never ends (until the client hangs up)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.end_headers()
    chunk = b"<!-- " + b"x" * 65_000 + b" -->"
    try:
        for _ in range(10_000):
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


def waiting(until: threading.Event, answer: Answer) -> Callable[[BaseHTTPRequestHandler], Answer]:
    """A route that answers once ``until`` is set (or after a minute)."""

    def route(handler: BaseHTTPRequestHandler) -> Answer:
        until.wait(60)
        return answer

    return route
