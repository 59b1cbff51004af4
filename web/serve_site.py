"""The static demo site: two pages standing in for the program's page (/fr/ and /en/) with the widget.

    python web/serve_site.py --port 8080 --socket-url http://127.0.0.1:5005

Serves web/site/ at /, the built widget (web/build/) at /widget/, and /config.js, which tells the
widget where Rasa's socket.io server is. Standard library only; loopback by default. Pages are sent
with a Content-Security-Policy that allows scripts and styles from this site only and connections
to this site and the Rasa server: a second line of defence behind the widget's sanitizing.
"""
from __future__ import annotations

import argparse
import json
import posixpath
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

WEB = Path(__file__).resolve().parent
SITE = WEB / "site"
BUILD = WEB / "build"


class Handler(SimpleHTTPRequestHandler):
    socket_url = "http://127.0.0.1:5005"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(SITE), **kwargs)

    def log_message(self, format, *args):  # quiet: one line per request is noise for make serve
        pass

    def translate_path(self, path: str) -> str:
        clean = posixpath.normpath(urlsplit(path).path)
        if clean.startswith("/widget/"):
            name = clean[len("/widget/"):]
            if "/" not in name and not name.startswith("."):
                return str(BUILD / name)
            return str(BUILD / "missing")
        return super().translate_path(path)

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/":
            self.send_response(302)
            self.send_header("Location", "/fr/")
            self.end_headers()
            return
        if path == "/config.js":
            body = f"window.ppChatConfig = {json.dumps({'socketUrl': self.socket_url})};\n".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def end_headers(self):
        origin = urlsplit(self.socket_url)
        ws = ("wss" if origin.scheme == "https" else "ws") + f"://{origin.netloc}"
        self.send_header("Content-Security-Policy",
                         f"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                         f"connect-src 'self' {origin.scheme}://{origin.netloc} {ws}; "
                         "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--socket-url", default="http://127.0.0.1:5005")
    args = parser.parse_args()
    if not (BUILD / "pp-chat.js").exists():
        raise SystemExit("web/build/pp-chat.js is missing: run `make web` (npm ci and the build) first")
    handler = type("ConfiguredHandler", (Handler,), {"socket_url": args.socket_url.rstrip("/")})
    server = ThreadingHTTPServer((args.bind, args.port), handler)
    print(f"static site on http://{args.bind}:{args.port}/fr/ and /en/ (socket.io: {args.socket_url})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
