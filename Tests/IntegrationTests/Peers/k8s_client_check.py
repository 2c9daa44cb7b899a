"""The Kubernetes Python client against kserve serve: create, get, list, patch, status, delete of a custom object.

Usage: k8s_client_check.py KUBECONFIG MODEL_PATH
Prints a JSON summary on stdout; exits non-zero on the first failed check.
"""

import json
import sys

from kubernetes import client, config
from kubernetes.client.rest import ApiException

GROUP, VERSION, PLURAL = "serving.kserve.io", "v1beta1", "inferenceservices"


def check(condition, message):
    if not condition:
        print(f"check failed: {message}", file=sys.stderr)
        sys.exit(1)


def main():
    kubeconfig, model_path = sys.argv[1], sys.argv[2]
    config.load_kube_config(config_file=kubeconfig)
    api = client.CustomObjectsApi()
    body = {
        "apiVersion": f"{GROUP}/{VERSION}",
        "kind": "InferenceService",
        "metadata": {"name": "py-iris", "labels": {"client": "python"}},
        "spec": {
            "predictor": {
                "model": {"modelFormat": {"name": "xgboost"}, "storageUri": f"file://{model_path}"}
            }
        },
    }
    created = api.create_namespaced_custom_object(GROUP, VERSION, "default", PLURAL, body)
    check(created["metadata"]["name"] == "py-iris", f"create returned {created['metadata']}")
    check(created["metadata"]["generation"] == 1, "generation starts at 1")

    try:
        api.create_namespaced_custom_object(GROUP, VERSION, "default", PLURAL, body)
        check(False, "a second create must fail")
    except ApiException as error:
        check(error.status == 409, f"duplicate create answered {error.status}")
        check(json.loads(error.body)["reason"] == "AlreadyExists", error.body)

    got = api.get_namespaced_custom_object(GROUP, VERSION, "default", PLURAL, "py-iris")
    check(got["spec"] == body["spec"], f"get returned spec {got['spec']}")

    listed = api.list_namespaced_custom_object(GROUP, VERSION, "default", PLURAL, label_selector="client=python")
    names = [item["metadata"]["name"] for item in listed["items"]]
    check(names == ["py-iris"], f"list returned {names}")
    everywhere = api.list_cluster_custom_object(GROUP, VERSION, PLURAL)
    check(len(everywhere["items"]) >= 1, "cluster-wide list is empty")

    patched = api.patch_namespaced_custom_object(
        GROUP, VERSION, "default", PLURAL, "py-iris", {"spec": {"predictor": {"minReplicas": 2}}}
    )
    check(patched["spec"]["predictor"]["minReplicas"] == 2, f"patch returned {patched['spec']}")
    check(patched["metadata"]["generation"] == 2, "a spec patch bumps the generation")

    status = api.patch_namespaced_custom_object_status(
        GROUP, VERSION, "default", PLURAL, "py-iris",
        {"status": {"conditions": [{"type": "Ready", "status": "True"}]}},
    )
    check(status["status"]["conditions"][0]["status"] == "True", f"status patch returned {status.get('status')}")
    check(status["metadata"]["generation"] == 2, "a status patch keeps the generation")

    api.delete_namespaced_custom_object(GROUP, VERSION, "default", PLURAL, "py-iris")
    try:
        api.get_namespaced_custom_object(GROUP, VERSION, "default", PLURAL, "py-iris")
        check(False, "get after delete must fail")
    except ApiException as error:
        check(error.status == 404, f"get after delete answered {error.status}")

    print(json.dumps({"created": created["metadata"]["name"], "listed": names, "deleted": True}))


if __name__ == "__main__":
    main()
