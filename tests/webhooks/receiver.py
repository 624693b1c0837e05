"""A requester's system in the test process: an HTTP server in a thread that checks every delivery's signature
with its own HMAC (not the `standardwebhooks` library the sender signs with), keeps each webhook-id once, and can
be taken down and brought back on the same port."""

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECONDS = 5 * 60


def signature_valid(secret: str, headers, body: bytes) -> bool:
    """Standard Webhooks, by hand: any `v1,` signature of `id.timestamp.body` under the secret's bytes."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    webhook_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    offered = [part.split(",", 1)[1] for part in headers["webhook-signature"].split() if part.startswith("v1,")]
    return any(hmac.compare_digest(expected, signature) for signature in offered)


class Receiver:
    def __init__(self, secret: str = ""):
        self.secret = secret
        self.lock = threading.Lock()
        self.received: list[dict] = []  # every request, duplicates included
        self.events: dict[str, dict] = {}  # webhook-id → body, the first time it came (the dedupe)
        self.bad_signatures = 0
        self.status = 200
        self.lose_answer_once: set[str] = set()  # event types whose first request gets no answer at all
        self.hosts: list[str] = []
        self.server = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.handle(self, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Down: the port refuses connections until start() again."""
        self.server.shutdown()
        self.server.server_close()

    def handle(self, request, body: bytes) -> None:
        with self.lock:
            self.hosts.append(request.headers["host"])
            if not signature_valid(self.secret, request.headers, body):
                self.bad_signatures += 1
                request.send_response(401)
                request.end_headers()
                return
            payload = json.loads(body)
            webhook_id = request.headers["webhook-id"]
            self.received.append({"id": webhook_id, **payload})
            self.events.setdefault(webhook_id, payload)
            if payload["type"] in self.lose_answer_once:
                self.lose_answer_once.discard(payload["type"])
                request.close_connection = True
                request.connection.shutdown(2)  # processed, but the sender never hears so: it must retry
                return
            request.send_response(self.status)
            request.send_header("content-type", "text/plain")
            request.end_headers()
            request.wfile.write(b"ok, got " + webhook_id.encode())

    def types_per_booking(self) -> dict[int, list[str]]:
        """Each booking's events in the order they first arrived (the dedupe keeps the first)."""
        ordered: dict[int, list[str]] = {}
        seen = set()
        for request in self.received:
            if request["id"] in seen or request["type"] == "ping":
                continue
            seen.add(request["id"])
            ordered.setdefault(request["data"]["id"], []).append(request["type"])
        return ordered
