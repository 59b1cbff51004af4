"""A fake of every messaging platform's API, on 127.0.0.1, recording each call it receives.

Telegram Bot API (``/bot<token>/<method>``), Facebook Graph (``/v<version>/me/messages``), Twilio
(``/2010-04-01/Accounts/<sid>/Messages.json``), Slack Web API (``/api/chat.postMessage``) and
Microsoft Bot Framework (OpenID configuration, signing keys, token, and the Bot Connector service
``/bfservice/v3/conversations/<id>/activities``). Answers are shaped like the real ones, just
enough for the client libraries Rasa uses to accept them.
"""
from __future__ import annotations

import cgi
import io
import json
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

TELEGRAM_BOT_USERNAME = "pp_test_bot"
BOTFRAMEWORK_KID = "fake-key-1"


@dataclass
class Hold:
    """A slow platform: the first call matching ``predicate`` is answered only after ``release()``
    (or after ``limit`` seconds, so a server that never returns cannot hang the tests)."""
    predicate: Callable[[Call], bool]
    limit: float = 120.0
    arrived: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        self.released.set()


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    form: dict[str, str] = field(default_factory=dict)
    json: Any = None

    @property
    def data(self) -> dict[str, Any]:
        """The request's fields, whether it was sent as JSON or as a form."""
        return self.json if isinstance(self.json, dict) else self.form


class FakePlatforms:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.holds: list[Hold] = []
        self._lock = threading.Lock()
        self.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- lifecycle ------------------------------------------------------------------------------
    def __enter__(self) -> FakePlatforms:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- what tests use -------------------------------------------------------------------------
    def matching(self, predicate: Callable[[Call], bool]) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if predicate(call)]

    def wait_for(self, predicate: Callable[[Call], bool], count: int = 1, timeout: float = 60,
                 settle: float = 0.5) -> list[Call]:
        """Calls matching ``predicate`` once at least ``count`` arrived and none came for ``settle`` s."""
        deadline = time.monotonic() + timeout
        found = self.matching(predicate)
        while time.monotonic() < deadline:
            if len(found) >= count:
                time.sleep(settle)
                again = self.matching(predicate)
                if len(again) == len(found):
                    return found
                found = again
                continue
            time.sleep(0.1)
            found = self.matching(predicate)
        raise AssertionError(f"expected {count} call(s), got {len(found)}: {[c.path for c in self.calls[-10:]]}")

    def hold(self, predicate: Callable[[Call], bool]) -> Hold:
        hold = Hold(predicate)
        with self._lock:
            self.holds.append(hold)
        return hold

    def _wait_if_held(self, call: Call) -> None:
        with self._lock:
            hold = next((h for h in self.holds if h.predicate(call)), None)
            if hold is not None:
                self.holds.remove(hold)
        if hold is not None:
            hold.arrived.set()
            hold.released.wait(hold.limit)

    @property
    def botframework_openid_url(self) -> str:
        return f"{self.base}/botframework/openid"

    @property
    def botframework_token_url(self) -> str:
        return f"{self.base}/botframework/token"

    @property
    def botframework_service_url(self) -> str:
        return f"{self.base}/bfservice"

    def botframework_jwt(self, app_id: str, service_url: str | None = None, key: Any = None,
                         issuer: str = "https://api.botframework.com", issued_ago: int = 10,
                         expires_in: int = 3600, kid: str = BOTFRAMEWORK_KID, with_service_url: bool = True) -> str:
        """A Bot Connector token as Microsoft issues one (RS256, PyJWT), ``issued_ago`` seconds ago."""
        now = int(time.time())
        claims = {"iss": issuer, "aud": app_id, "nbf": now - issued_ago, "exp": now - issued_ago + expires_in}
        if with_service_url:
            claims["serviceurl"] = service_url or self.botframework_service_url
        return jwt.encode(claims, key or self.signing_key, algorithm="RS256", headers={"kid": kid})

    # -- the HTTP side --------------------------------------------------------------------------
    def _record(self, handler: BaseHTTPRequestHandler) -> Call:
        split = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        call = Call(handler.command, split.path, parse_qs(split.query), dict(handler.headers.items()), body)
        ctype = handler.headers.get("Content-Type", "")
        try:
            if "json" in ctype and body:
                call.json = json.loads(body)
            elif "x-www-form-urlencoded" in ctype:
                call.form = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
            elif "multipart/form-data" in ctype:
                form = cgi.FieldStorage(fp=io.BytesIO(body), environ={"REQUEST_METHOD": "POST"},
                                        headers={"content-type": ctype, "content-length": str(len(body))})
                call.form = {key: form.getvalue(key) for key in form.keys()}
        except ValueError:
            pass
        with self._lock:
            self.calls.append(call)
        return call

    def _answer(self, call: Call) -> tuple[int, Any]:
        path = call.path
        telegram = re.fullmatch(r"/bot\d+:[^/]+/(\w+)", path)
        if telegram:
            method = telegram.group(1)
            if method == "getMe":
                return 200, {"ok": True, "result": {"id": 42, "is_bot": True, "first_name": "PP",
                                                     "username": TELEGRAM_BOT_USERNAME}}
            if method in ("sendMessage", "sendPhoto"):
                return 200, {"ok": True, "result": {
                    "message_id": len(self.calls), "date": int(time.time()), "text": call.data.get("text", ""),
                    "chat": {"id": int(call.data.get("chat_id", 0)), "type": "private"}}}
            return 200, {"ok": True, "result": True}
        if re.fullmatch(r"/v[\d.]+/me/messages", path):
            recipient = (call.data.get("recipient") or {}).get("id") if call.json else None
            return 200, {"recipient_id": recipient, "message_id": f"m_{uuid.uuid4().hex}"}
        twilio = re.fullmatch(r"/2010-04-01/Accounts/(\w+)/Messages\.json", path)
        if twilio:
            return 201, {"sid": f"SM{uuid.uuid4().hex}", "account_sid": twilio.group(1), "status": "queued",
                         "to": call.form.get("To"), "from": call.form.get("From"), "body": call.form.get("Body"),
                         "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01"}
        if path.startswith("/api/"):
            channel = call.data.get("channel")
            return 200, {"ok": True, "channel": channel, "ts": f"{time.time():.6f}",
                         "message": {"text": call.data.get("text", "")}}
        if path == "/botframework/openid":
            return 200, {"issuer": "https://api.botframework.com", "jwks_uri": f"{self.base}/botframework/keys"}
        if path == "/botframework/keys":
            jwk = json.loads(RSAAlgorithm.to_jwk(self.signing_key.public_key()))
            jwk.update({"kid": BOTFRAMEWORK_KID, "use": "sig", "alg": "RS256"})
            return 200, {"keys": [jwk]}
        if path == "/botframework/token":
            return 200, {"token_type": "Bearer", "expires_in": 3600, "access_token": "fake-bot-token"}
        if re.fullmatch(r"/bfservice/v3/conversations/[^/]+/activities", path):
            return 200, {"id": uuid.uuid4().hex}
        return 404, {"error": f"no fake for {path}"}

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                call = fake._record(self)
                fake._wait_if_held(call)
                status, payload = fake._answer(call)
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
