"""Drives `kserve serve` with tritonclient (tritonclient[http]) and checks every answer against the libraries.

Usage: triton_client_check.py URL XGB_MODEL_NAME XGB_MODEL_FILE LGB_MODEL_NAME LGB_MODEL_FILE
Exits non-zero with a message on the first mismatch; prints a JSON summary on success.
"""

import json
import sys

import lightgbm
import numpy as np
import tritonclient.http as httpclient
import xgboost

url, xgb_name, xgb_file, lgb_name, lgb_file = sys.argv[1:6]
client = httpclient.InferenceServerClient(url=url.replace("http://", ""))


def check(condition, message):
    if not condition:
        print(message, file=sys.stderr)
        sys.exit(1)


check(client.is_server_live(), "server not live")
check(client.is_server_ready(), "server not ready")
server = client.get_server_metadata()
check("binary_tensor_data" in server.get("extensions", []), f"no binary_tensor_data in {server}")

booster = xgboost.Booster(model_file=xgb_file)
features = booster.num_features()
rng = np.random.default_rng(3)
rows = rng.uniform(0, 8, size=(7, features)).astype(np.float32)
rows[2, 1] = np.nan
expected = booster.predict(xgboost.DMatrix(rows))

summary = {"server": server}
for binary in (False, True):
    tensor = httpclient.InferInput("input-0", list(rows.shape), "FP32")
    tensor.set_data_from_numpy(rows, binary_data=binary)
    result = client.infer(xgb_name, [tensor], outputs=[httpclient.InferRequestedOutput("output-0", binary_data=binary)])
    got = result.as_numpy("output-0")
    check(got is not None, f"no output-0 (binary={binary}): {result.get_response()}")
    check(got.dtype == np.float32, f"xgboost output dtype {got.dtype}")
    check(got.shape == expected.shape, f"shape {got.shape} vs {expected.shape}")
    check(np.array_equal(got.view(np.uint32), expected.astype(np.float32).view(np.uint32)),
          f"xgboost predictions differ (binary={binary}):\n{got}\nvs\n{expected}")
summary["xgboost_rows"] = int(rows.shape[0])

regressor = lightgbm.Booster(model_file=lgb_file)
lgb_rows = rng.normal(0, 0.05, size=(5, regressor.num_feature()))
lgb_expected = regressor.predict(lgb_rows)
tensor = httpclient.InferInput("input-0", list(lgb_rows.shape), "FP64")
tensor.set_data_from_numpy(lgb_rows, binary_data=True)
result = client.infer(lgb_name, [tensor])
got = result.as_numpy("output-0")
check(got is not None and np.array_equal(got.reshape(-1), lgb_expected.reshape(-1)),
      f"lightgbm predictions differ:\n{got}\nvs\n{lgb_expected}")

metadata = client.get_model_metadata(xgb_name)
check(metadata["name"] == xgb_name and metadata["inputs"] and metadata["outputs"], f"metadata {metadata}")
check(client.is_model_ready(xgb_name), "model not ready")
summary["metadata"] = metadata

index = client.get_model_repository_index()
names = sorted(entry["name"] for entry in index)
check(xgb_name in names and lgb_name in names, f"index {index}")
client.unload_model(lgb_name)
check(not client.is_model_ready(lgb_name), "unloaded model still ready")
client.load_model(lgb_name)
check(client.is_model_ready(lgb_name), "reloaded model not ready")
summary["index"] = index

try:
    client.infer("no-such-model", [tensor])
    check(False, "unknown model answered")
except httpclient.InferenceServerException as error:
    summary["unknown_model_status"] = error.status()

print(json.dumps(summary))
