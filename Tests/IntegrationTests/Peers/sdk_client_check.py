"""Calls `kserve serve` with the KServe Python SDK's InferenceRESTClient (V1 and V2) and checks the answers
against xgboost's own Booster.predict.

Usage: sdk_client_check.py URL MODEL_NAME MODEL_FILE
"""

import asyncio
import json
import sys

import numpy as np
import xgboost
from kserve import InferInput, InferRequest, InferenceRESTClient, RESTConfig

url, name, model_file = sys.argv[1:4]
booster = xgboost.Booster(model_file=model_file)
rows = np.array([[5.1, 3.5, 1.4, 0.2], [6.0, 2.2, 5.0, 1.5], [6.3, 3.3, 6.0, 2.5]], dtype=np.float32)
expected = booster.predict(xgboost.DMatrix(rows))


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


async def main():
    v1 = InferenceRESTClient(RESTConfig(protocol="v1", timeout=30))
    answer = await v1.infer(url, {"instances": rows.tolist()}, model_name=name)
    # xgbserver answers booster.predict(...).tolist(): float32 values widened to Python floats.
    if answer["predictions"] != expected.tolist():
        fail(f"v1 predictions differ: {answer} vs {expected.tolist()}")
    await v1.close()

    v2 = InferenceRESTClient(RESTConfig(protocol="v2", timeout=30))
    tensor = InferInput("input-0", list(rows.shape), "FP32")
    tensor.set_data_from_numpy(rows, binary_data=True)
    response = await v2.infer(url, InferRequest(model_name=name, infer_inputs=[tensor], request_id="sdk-1"),
                              model_name=name)
    got = response.outputs[0].as_numpy()
    if not np.array_equal(got, expected):
        fail(f"v2 predictions differ: {got} vs {expected}")
    ready = await v2.is_model_ready(url, name)
    await v2.close()
    if ready is not True:
        fail(f"is_model_ready answered {ready!r} for a loaded model")
    print(json.dumps({"v1": answer, "v2_id": response.id, "ready": ready}))


asyncio.run(main())
