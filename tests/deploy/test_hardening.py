"""deploy/ hardened, checked offline on what kustomize and docker-compose render: the replicas read
the client's address the proxy forwards, the proxies limit each address and expose only the widget and
the platforms' webhooks, every container runs unprivileged and read-only with limits, Kubernetes
isolates the pods (NetworkPolicies, Pod Security) and reaches Redis and PostgreSQL over TLS, images
are pinned by digest on versions with the published fixes."""
from __future__ import annotations

import re

import pytest
import yaml

from tests.deploy.conftest import DEPLOY, DOCKERFILES, find

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

RASA_SERVICES = ("rasa-1", "rasa-2")
WEBHOOKS = {f"/webhooks/{name}/webhook" for name in
            ("telegram", "facebook", "twilio", "twilio_whatsapp", "slack", "botframework")}
# the first release of each line with the fixes published since the versions deploy/ used to run
PATCHED = {"postgres": (15, 15), "redis": (7, 4, 6), "nginx": (1, 26, 3), "python": (3, 10, 19)}


def container(objects, kind: str, name: str) -> dict:
    spec = find(objects, kind, name)["spec"]
    pod = spec["jobTemplate"]["spec"]["template"]["spec"] if kind == "CronJob" else spec["template"]["spec"]
    return pod["containers"][0]


def env(spec: dict) -> dict:
    return {item["name"]: item.get("value") for item in spec.get("env", [])}


def test_the_replicas_read_the_client_address_the_proxy_forwards(compose_services, rendered):
    """Without it every visitor shares the proxy's rate-limit bucket: 120 connections a minute from
    anyone locked everyone out."""
    for name in RASA_SERVICES:
        assert compose_services[name]["environment"]["SANIC_PROXIES_COUNT"] == "1"
    assert env(container(rendered, "Deployment", "rasa"))["SANIC_PROXIES_COUNT"] == "1"


def test_the_proxies_limit_each_client_address(rendered):
    limits = (DEPLOY / "nginx" / "limits.conf").read_text()
    assert re.search(r"^limit_req_zone \$binary_remote_addr zone=pp_socketio:\S+ rate=\d+r/s;", limits, re.M)
    assert re.search(r"^limit_conn_zone \$binary_remote_addr zone=pp_conn:", limits, re.M)
    assert "include /etc/nginx/pp/limits.conf;" in (DEPLOY / "nginx" / "nginx.conf").read_text()
    blocks = re.findall(r"^location (.*?) \{(.*?)^\}", (DEPLOY / "nginx" / "locations.conf").read_text(), re.M | re.S)
    proxied = {where: body for where, body in blocks if "proxy_pass" in body}
    assert proxied and all("limit_req zone=" in body for body in proxied.values())
    assert "limit_conn pp_conn" in proxied["/socket.io/"]
    for name in ("rasa-socketio", "rasa-webhooks"):
        annotations = find(rendered, "Ingress", name)["metadata"]["annotations"]
        assert int(annotations["nginx.ingress.kubernetes.io/limit-rps"]) > 0
    socketio = find(rendered, "Ingress", "rasa-socketio")["metadata"]["annotations"]
    assert int(socketio["nginx.ingress.kubernetes.io/limit-connections"]) > 0


def test_the_ingress_exposes_only_the_widget_and_the_platforms_webhooks(rendered):
    paths = {(path["path"], path["pathType"]) for obj in rendered if obj["kind"] == "Ingress"
             for rule in obj["spec"]["rules"] for path in rule["http"]["paths"]}
    assert paths == {("/socket.io/", "Prefix")} | {(hook, "Exact") for hook in WEBHOOKS}
    probes = container(rendered, "Deployment", "rasa")["readinessProbe"]["httpGet"]
    assert probes["path"] == "/webhooks/health/ready"  # the kubelet reaches it on the pod, not through here


@pytest.mark.parametrize("name", ["postgres", "redis", "nginx", "rasa-1", "rasa-2", "actions-1", "actions-2"])
def test_every_compose_container_is_unprivileged_read_only_and_limited(compose_services, name):
    service = compose_services[name]
    assert service["read_only"] is True
    assert service["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in service["security_opt"]
    user = str(service["user"]).split(":")[0]
    assert user.isdigit() and int(user) > 0
    limits = service["deploy"]["resources"]["limits"]
    assert limits["memory"] and float(limits["cpus"]) > 0 and service["pids_limit"] > 0


def _version(reference: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.search(r":(\d+(?:\.\d+)+)", reference).group(1).split("."))


def test_third_party_images_are_pinned_by_digest_on_patched_versions(compose_services):
    references = {name: compose_services[name]["image"] for name in ("postgres", "redis", "nginx")}
    references["python"] = {re.search(r"^FROM (\S+)", path.read_text(), re.M).group(1) for path in DOCKERFILES}.pop()
    for name, reference in references.items():
        assert re.search(r"@sha256:[0-9a-f]{64}$", reference), f"{name}: {reference} is not pinned by digest"
        assert reference.startswith(f"{name}:") and _version(reference) >= PATCHED[name], reference
    assert len({re.search(r"^FROM (\S+)", path.read_text(), re.M).group(1) for path in DOCKERFILES}) == 1


def test_the_namespace_enforces_the_restricted_pod_security_profile(rendered):
    labels = find(rendered, "Namespace", "pp-assistant")["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    for kind, name in (("Deployment", "rasa"), ("Deployment", "actions"), ("CronJob", "retention-purge")):
        security = container(rendered, kind, name)["securityContext"]
        assert security["capabilities"]["drop"] == ["ALL"] and security["readOnlyRootFilesystem"] is True


def _policy(objects, name: str) -> dict:
    return find(objects, "NetworkPolicy", name)["spec"]


def _ports(rules: list) -> set[int]:
    return {port["port"] for rule in rules for port in rule.get("ports", [])}


def test_network_policies_allow_only_the_paths_the_assistant_needs(rendered):
    deny = _policy(rendered, "default-deny")
    assert deny["podSelector"] == {} and set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny and "egress" not in deny
    rasa = _policy(rendered, "rasa")
    [source] = rasa["ingress"][0]["from"]
    assert source["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "ingress-nginx"}
    assert _ports(rasa["ingress"]) == {5005}
    assert _ports(rasa["egress"]) == {5055, 6379, 5432, 53}  # actions, Redis, PostgreSQL, DNS
    assert all(rule.get("ports") for rule in rasa["egress"])  # no rule opens every port
    actions = _policy(rendered, "actions")
    assert actions["ingress"][0]["from"] == [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "rasa"}}}]
    assert _ports(actions["ingress"]) == {5055} and actions["egress"] == []
    purge = _policy(rendered, "retention-purge")
    assert _ports(purge["egress"]) == {5432, 53} and purge["ingress"] == []
    job = find(rendered, "CronJob", "retention-purge")["spec"]["jobTemplate"]["spec"]["template"]
    assert job["metadata"]["labels"]["app.kubernetes.io/name"] == "retention-purge"


def test_kubernetes_reaches_redis_and_postgresql_over_verified_tls(rendered):
    for kind, name in (("Deployment", "rasa"), ("CronJob", "retention-purge")):
        spec = container(rendered, kind, name)
        variables = env(spec)
        assert variables["PGSSLMODE"] == "verify-full" and variables["REDIS_USE_SSL"] == "true"
        mounts = {mount["mountPath"]: mount for mount in spec["volumeMounts"]}
        assert variables["PGSSLROOTCERT"].startswith("/app/tls/") and mounts["/app/tls"]["readOnly"] is True
    configmap = next(o for o in rendered if o["kind"] == "ConfigMap")
    lock_store = yaml.safe_load(configmap["data"]["endpoints.yml"])["lock_store"]
    assert lock_store["use_ssl"] == "${REDIS_USE_SSL}" and lock_store["ssl_ca_certs"] == "${REDIS_CA_CERTS}"
