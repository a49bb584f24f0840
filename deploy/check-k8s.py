"""Schema check of deploy/k8s/ (run by deploy/check-deploy.sh in the venv deploy/install-deps.sh makes).

Kubernetes' own kinds are validated, strictly (an unknown field is an error), with kubernetes-validate
(PyPI), whose JSON schemas are generated from Kubernetes' OpenAPI definitions and ship inside the
package: against the oldest and the newest Kubernetes version it carries. KEDA's kinds
(ScaledObject, TriggerAuthentication) are not in those schemas, and KEDA's CRDs are not packaged
anywhere this project installs from: they are checked against KEDA_SCHEMAS below, written by hand
from KEDA 2.x's keda.sh/v1alpha1 API reference for the fields these files use (unknown fields
refused, trigger metadata values strings, the redis-streams parameters by name).

Prints one "ok ..." or "FAIL ..." line per document and version.
"""
import glob
import os
import sys

import jsonschema
import kubernetes_validate
import yaml

# keda.sh/v1alpha1, the subset of its fields that a ScaledObject or TriggerAuthentication here may use.
REDIS_STREAMS_PARAMETERS = [
    "address", "addressFromEnv", "host", "hostFromEnv", "port", "portFromEnv", "usernameFromEnv", "passwordFromEnv",
    "stream", "consumerGroup", "pendingEntriesCount", "streamLength", "lagCount", "activationLagCount",
    "databaseIndex", "enableTLS", "unsafeSsl",
]
METADATA = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string"}, "namespace": {"type": "string"},
                   "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                   "annotations": {"type": "object", "additionalProperties": {"type": "string"}}},
    "additionalProperties": False,
}
KEDA_SCHEMAS = {
    "ScaledObject": {
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "additionalProperties": False,
        "properties": {
            "apiVersion": {"const": "keda.sh/v1alpha1"}, "kind": {"const": "ScaledObject"}, "metadata": METADATA,
            "spec": {
                "type": "object",
                "required": ["scaleTargetRef", "triggers"],
                "additionalProperties": False,
                "properties": {
                    "scaleTargetRef": {"type": "object", "required": ["name"], "additionalProperties": False,
                                       "properties": {"name": {"type": "string"}, "kind": {"type": "string"},
                                                      "apiVersion": {"type": "string"}, "envSourceContainerName": {"type": "string"}}},
                    "pollingInterval": {"type": "integer", "minimum": 1},
                    "cooldownPeriod": {"type": "integer", "minimum": 0},
                    "idleReplicaCount": {"type": "integer", "minimum": 0},
                    "minReplicaCount": {"type": "integer", "minimum": 0},
                    "maxReplicaCount": {"type": "integer", "minimum": 1},
                    "advanced": {"type": "object"},
                    "fallback": {"type": "object", "required": ["failureThreshold", "replicas"],
                                 "properties": {"failureThreshold": {"type": "integer"}, "replicas": {"type": "integer"}}},
                    "triggers": {
                        "type": "array", "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["type", "metadata"],
                            "additionalProperties": False,
                            "properties": {
                                "type": {"type": "string"}, "name": {"type": "string"},
                                "metricType": {"enum": ["AverageValue", "Value", "Utilization"]},
                                "useCachedMetrics": {"type": "boolean"},
                                "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                                "authenticationRef": {"type": "object", "required": ["name"], "additionalProperties": False,
                                                      "properties": {"name": {"type": "string"},
                                                                     "kind": {"enum": ["TriggerAuthentication", "ClusterTriggerAuthentication"]}}},
                            },
                            "if": {"properties": {"type": {"const": "redis-streams"}}},
                            "then": {"properties": {"metadata": {"required": ["stream"], "propertyNames": {"enum": REDIS_STREAMS_PARAMETERS}}}},
                        },
                    },
                },
            },
        },
    },
    "TriggerAuthentication": {
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "additionalProperties": False,
        "properties": {
            "apiVersion": {"const": "keda.sh/v1alpha1"}, "kind": {"const": "TriggerAuthentication"}, "metadata": METADATA,
            "spec": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": False,
                "properties": {
                    "secretTargetRef": {"type": "array", "items": {
                        "type": "object", "required": ["parameter", "name", "key"], "additionalProperties": False,
                        "properties": {"parameter": {"type": "string"}, "name": {"type": "string"}, "key": {"type": "string"}}}},
                    "env": {"type": "array", "items": {
                        "type": "object", "required": ["parameter", "name"], "additionalProperties": False,
                        "properties": {"parameter": {"type": "string"}, "name": {"type": "string"}, "containerName": {"type": "string"}}}},
                    "podIdentity": {"type": "object"},
                    "hashiCorpVault": {"type": "object"},
                    "azureKeyVault": {"type": "object"},
                },
            },
        },
    },
}


def documents(directory):
    for path in sorted(glob.glob(os.path.join(directory, "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            for d in yaml.safe_load_all(f):
                if d is not None:
                    yield os.path.relpath(path, os.path.dirname(directory)), d


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "k8s")
    versions = sorted(kubernetes_validate.utils.all_versions(), key=lambda v: tuple(int(p) for p in v.split(".")))
    checked = [versions[0], versions[-1]]
    failed = 0
    for rel, d in documents(directory):
        name = f"{rel}: {d.get('kind')}/{(d.get('metadata') or {}).get('name')}"
        if d.get("apiVersion") == "keda.sh/v1alpha1":
            schema = KEDA_SCHEMAS.get(d.get("kind"))
            if schema is None:
                print(f"FAIL {name}: no schema for KEDA kind {d.get('kind')}"); failed += 1; continue
            errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(d), key=lambda e: list(e.absolute_path))
            if errors:
                failed += 1
                print(f"FAIL {name}: " + "; ".join(f"{'.'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:5]))
            else:
                print(f"ok {name} matches the KEDA keda.sh/v1alpha1 schema (hand-written subset)")
            continue
        problems = []
        for version in checked:
            try:
                kubernetes_validate.validate(d, version, strict=True)
            except kubernetes_validate.ValidationError as e:
                problems.append(f"Kubernetes {version}: {'.'.join(map(str, e.path)) or '(root)'}: {e.message}")
            except kubernetes_validate.SchemaNotFoundError:
                problems.append(f"Kubernetes {version}: no schema for {d.get('apiVersion')} {d.get('kind')}")
        if problems:
            failed += 1
            print(f"FAIL {name}: " + "; ".join(problems))
        else:
            print(f"ok {name} validates strictly against Kubernetes {' and '.join(checked)} (kubernetes-validate {kubernetes_validate.__version__})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
