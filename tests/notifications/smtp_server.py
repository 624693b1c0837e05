"""A tiny SMTP server for tests: it records what it accepts, and can be told to stall before accepting."""

import socketserver
import threading
from email import message_from_bytes


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        server = self.server
        self.reply("220 localhost test SMTP")
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command.startswith(b"EHLO"):
                self.reply("250-localhost")
                self.reply("250 8BITMIME")
            elif command == b"DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                if server.stall.is_set():
                    server.stalled.set()
                    server.release.wait(60)
                    return  # the connection drops before the mail was accepted
                server.received.append(message_from_bytes(b"".join(data)))
                self.reply("250 OK: queued")
            elif command == b"QUIT":
                self.reply("221 Bye")
                return
            else:  # HELO, MAIL FROM, RCPT TO, RSET, NOOP
                self.reply("250 OK")


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0, received: list | None = None):
        """A port and a list of an earlier server: the same server started again after a stop."""
        super().__init__(("127.0.0.1", port), _Handler)
        self.received = [] if received is None else received
        self.stall = threading.Event()  # set: hold the next DATA without accepting it
        self.stalled = threading.Event()  # set by the server once it holds one
        self.release = threading.Event()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def keys(self) -> list[str]:
        return sorted(message["X-Tolkportaal-Message"] for message in self.received)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.shutdown()
        self.server_close()
