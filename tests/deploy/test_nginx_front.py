"""deploy/nginx in front of the real socket.io channel, on loopback: Debian's nginx runs the compose
nginx.conf (its includes, limits and routes as shipped; only addresses and paths moved into a temporary
folder) in front of the echo server started with the Rasa replicas' environment from the compose file.
Clients come from different loopback addresses (127.0.0.2, 127.0.0.3...), as visitors would."""
from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.deploy.conftest import DEPLOY
from tests.servers import free_port
from tests.web.servers import echo_server

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

ENGINE_IO = "/socket.io/?EIO=4&transport=polling"


def request(port: int, source: str, method: str, path: str, body: str | None = None) -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "text/plain;charset=UTF-8"})
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read().decode()
    finally:
        connection.close()


def socketio_connect(port: int, source: str) -> str:
    """A socket.io connection by long-polling: "40..." when the server accepts it, "44..." when it refuses."""
    status, _, opened = request(port, source, "GET", ENGINE_IO)
    assert status == 200 and opened.startswith("0"), (status, opened)
    sid = json.loads(opened[1:])["sid"]
    assert request(port, source, "POST", f"{ENGINE_IO}&sid={sid}", "40")[0] == 200
    return request(port, source, "GET", f"{ENGINE_IO}&sid={sid}")[2]


def nginx_conf(work: Path, backend: int, port: int) -> str:
    """deploy/nginx/nginx.conf with its paths and addresses moved here, everything else as shipped."""
    text = (DEPLOY / "nginx" / "nginx.conf").read_text()
    for old, new in (("/tmp/", f"{work}/"), ("/etc/nginx/pp/", f"{DEPLOY}/nginx/"),
                     ("listen 8080;", f"listen 127.0.0.1:{port};"), ("listen 5055;", f"listen 127.0.0.1:{free_port()};")):
        text = text.replace(old, new)
    for host in ("rasa-1:5005", "rasa-2:5005", "actions-1:5055", "actions-2:5055"):
        text = text.replace(host, f"127.0.0.1:{backend}")
    return f"daemon off;\nerror_log {work}/error.log warn;\n" + text


@pytest.fixture(scope="module")
def front(tmp_path_factory, compose_services):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("nginx is missing: `make test` installs it (apt-get install -y nginx)")
    work = tmp_path_factory.mktemp("nginx")
    replica = {k: v for k, v in compose_services["rasa-1"]["environment"].items() if k.startswith("SANIC_")}
    with echo_server("project", work, env=dict(replica, PP_RATE_PER_ADDRESS="2/60")) as backend:
        port = free_port()
        (work / "nginx.conf").write_text(nginx_conf(work, backend, port))
        subprocess.run([binary, "-t", "-c", str(work / "nginx.conf"), "-p", str(work)], check=True, capture_output=True)
        process = subprocess.Popen([binary, "-c", str(work / "nginx.conf"), "-p", str(work)])
        try:
            for _ in range(50):
                try:
                    request(port, "127.0.0.1", "GET", "/")
                    break
                except OSError:
                    time.sleep(0.1)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_only_the_widget_and_the_webhooks_are_public(front):
    for method, path in (("GET", "/"), ("GET", "/webhooks/health/ready"), ("GET", "/webhooks/socketio/"),
                         ("POST", "/webhooks/rest/webhook"), ("GET", "/status"), ("GET", "/model/parse")):
        status, headers, _ = request(front, "127.0.0.1", method, path)
        assert status == 404, (method, path, status)
        assert headers["server"] == "nginx"  # server_tokens off: no version
    assert request(front, "127.0.0.1", "GET", ENGINE_IO)[0] == 200


def test_behind_nginx_each_visitor_has_its_own_budget_on_the_replica(front):
    """The replica allows 2 connections a minute per address: one visitor's third is refused, and
    another visitor, behind the same nginx, is not locked out (SANIC_PROXIES_COUNT from the compose file)."""
    assert [socketio_connect(front, "127.0.0.2")[:2] for _ in range(3)] == ["40", "40", "44"]
    assert socketio_connect(front, "127.0.0.3").startswith("40")


def test_nginx_limits_the_requests_of_one_address(front):
    statuses = [request(front, "127.0.0.4", "GET", ENGINE_IO)[0] for _ in range(40)]
    assert 429 in statuses and statuses[0] == 200
    assert request(front, "127.0.0.5", "GET", ENGINE_IO)[0] == 200  # another address is not affected


def test_the_nginx_example_in_the_channels_guide_is_valid(tmp_path):
    """docs/channels.md's reverse proxy, checked by `nginx -t` (its certificates left out): a
    limit_req_zone inside the server block, as it once was, is refused by nginx."""
    import re

    from tests.deploy.conftest import ROOT

    example = re.search(r"```nginx\n(.*?)```", (ROOT / "docs" / "channels.md").read_text(), re.S).group(1)
    example = re.sub(r"^\s*ssl_certificate.*$", "", example, flags=re.M).replace("listen 443 ssl http2;",
                                                                              f"listen 127.0.0.1:{free_port()};")
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\nhttp {{\n"
                    f"client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;\n{example}\n}}\n")
    checked = subprocess.run([shutil.which("nginx") or "/usr/sbin/nginx", "-t", "-c", str(conf), "-p", str(tmp_path)],
                             capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
