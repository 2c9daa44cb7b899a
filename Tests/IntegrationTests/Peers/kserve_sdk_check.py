"""Drives `kserve serve`'s control plane with the KServe Python SDK's KServeClient, as a user's script would:
create, get, wait_isvc_ready, patch, create_trained_model, delete. Prints one JSON line of what it saw.

usage: kserve_sdk_check.py KUBECONFIG MODEL_DIR
"""
import json
import sys
import time

from kserve import (KServeClient, V1alpha1ModelSpec, V1alpha1TrainedModel, V1alpha1TrainedModelSpec,
                    V1beta1InferenceService, V1beta1InferenceServiceSpec, V1beta1ModelFormat, V1beta1ModelSpec,
                    V1beta1PredictorSpec)
from kubernetes.client import V1ObjectMeta

kubeconfig, model_dir = sys.argv[1], sys.argv[2]
client = KServeClient(config_file=kubeconfig)
seen = {}
isvc = V1beta1InferenceService(
    api_version="serving.kserve.io/v1beta1", kind="InferenceService",
    metadata=V1ObjectMeta(name="sdk-iris", namespace="default"),
    spec=V1beta1InferenceServiceSpec(predictor=V1beta1PredictorSpec(model=V1beta1ModelSpec(
        model_format=V1beta1ModelFormat(name="xgboost"), storage_uri=f"file://{model_dir}/iris"))))
created = client.create(isvc)
seen["created"] = created["metadata"]["name"]
client.wait_isvc_ready("sdk-iris", namespace="default", timeout_seconds=60, polling_interval=1)
got = client.get("sdk-iris", namespace="default")
seen["ready"] = [c["status"] for c in got["status"]["conditions"] if c["type"] == "Ready"][0]
seen["url"] = got["status"]["url"]
isvc.spec.predictor.min_replicas = 2
patched = client.patch("sdk-iris", isvc, namespace="default")
seen["patched_min"] = patched["spec"]["predictor"]["minReplicas"]
host = V1beta1InferenceService(
    api_version="serving.kserve.io/v1beta1", kind="InferenceService",
    metadata=V1ObjectMeta(name="sdk-mms", namespace="default"),
    spec=V1beta1InferenceServiceSpec(predictor=V1beta1PredictorSpec(model=V1beta1ModelSpec(
        model_format=V1beta1ModelFormat(name="xgboost")))))
client.create(host)
tm = V1alpha1TrainedModel(
    api_version="serving.kserve.io/v1alpha1", kind="TrainedModel",
    metadata=V1ObjectMeta(name="sdk-tm", namespace="default"),
    spec=V1alpha1TrainedModelSpec(inference_service="sdk-mms", model=V1alpha1ModelSpec(
        storage_uri=f"file://{model_dir}/iris", framework="xgboost", memory="1Mi")))
client.create_trained_model(tm, namespace="default")
# The TrainedModel's own Ready condition, read back through the SDK's Kubernetes client until it is set (or 60 s).
deadline = time.monotonic() + 60
seen["trained_model"] = None
while time.monotonic() < deadline:
    obj = client.api_instance.get_namespaced_custom_object(
        "serving.kserve.io", "v1alpha1", "default", "trainedmodels", "sdk-tm")
    states = [c["status"] for c in obj.get("status", {}).get("conditions", []) if c["type"] == "Ready"]
    seen["trained_model"] = states[0] if states else None
    if seen["trained_model"] == "True":
        break
    time.sleep(0.2)
client.delete("sdk-iris", namespace="default")
client.delete("sdk-mms", namespace="default")
try:
    client.get("sdk-iris", namespace="default")
    seen["gone"] = False
except RuntimeError as error:
    seen["gone"] = "404" in str(error) or "Not Found" in str(error) or "NotFound" in str(error)
print(json.dumps(seen))
