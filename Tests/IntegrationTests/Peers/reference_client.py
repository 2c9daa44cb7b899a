"""Reference answers from the KServe Python SDK's own REST client (kserve.InferenceRESTClient).

Usage: reference_client.py URL MODEL INPUT.json v1|v2 [--binary]
Prints one JSON document: for V1 the server's answer as the SDK returns it; for V2
{"model_name", "id", "outputs": [{"name", "datatype", "shape", "data"}]} with data from as_numpy() (BYTES as text).
"""

import asyncio
import json
import sys

import numpy as np
from kserve import InferInput, InferRequest, InferenceRESTClient, RESTConfig

NUMPY_TYPES = {
    "BOOL": np.bool_, "UINT8": np.uint8, "UINT16": np.uint16, "UINT32": np.uint32, "UINT64": np.uint64,
    "INT8": np.int8, "INT16": np.int16, "INT32": np.int32, "INT64": np.int64,
    "FP16": np.float16, "FP32": np.float32, "FP64": np.float64, "BYTES": np.object_,
}


def _to_plain(array: np.ndarray, datatype: str):
    flat = array.reshape(-1).tolist()
    if datatype == "BYTES":
        return [item.decode("utf-8") if isinstance(item, bytes) else item for item in flat]
    return flat


async def main() -> None:
    url, model, path, protocol = sys.argv[1:5]
    binary = "--binary" in sys.argv[5:]
    with open(path) as handle:
        document = json.load(handle)
    client = InferenceRESTClient(RESTConfig(protocol=protocol, timeout=30))
    try:
        if protocol == "v1":
            print(json.dumps(await client.infer(url, document, model_name=model)))
            return
        inputs = []
        for tensor in document["inputs"]:
            infer_input = InferInput(tensor["name"], tensor["shape"], tensor["datatype"])
            data = tensor["data"]
            if tensor["datatype"] == "BYTES":
                array = np.array([item.encode("utf-8") for item in np.array(data, dtype=object).reshape(-1)],
                                 dtype=np.object_).reshape(tensor["shape"])
            else:
                array = np.array(data, dtype=NUMPY_TYPES[tensor["datatype"]]).reshape(tensor["shape"])
            infer_input.set_data_from_numpy(array, binary_data=binary)
            inputs.append(infer_input)
        parameters = {"binary_data_output": True} if binary else None
        request = InferRequest(model_name=model, infer_inputs=inputs, request_id=document.get("id"),
                               parameters=parameters)
        response = await client.infer(url, request, model_name=model)
        outputs = [
            {"name": output.name, "datatype": output.datatype, "shape": list(output.shape),
             "data": _to_plain(output.as_numpy(), output.datatype)}
            for output in response.outputs
        ]
        print(json.dumps({"model_name": response.model_name, "id": response.id, "outputs": outputs}))
    finally:
        await client.close()


asyncio.run(main())
