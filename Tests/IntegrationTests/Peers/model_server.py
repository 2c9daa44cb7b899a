"""Test peer: the real KServe Python model server with a few small models.

Started by the integration tests as `python model_server.py --http_port PORT`. It is KServe's own
`kserve.ModelServer`, so routes, status codes, error bodies and the binary tensor extension are KServe's.

Models:
  echo       V2: returns every input as an output named OUT_<input>, same datatype, shape and values.
  row-sum    V1: {"instances": [[...], ...]} -> {"predictions": [sum(row), ...]}; V2: FP64 output "sum" per row.
  slow       sleeps SLOW_SECONDS (default 5) and then echoes, for client timeouts.
  failing    raises an exception on every prediction (the server answers 500).
"""

import argparse
import asyncio
import os
import threading
import time
import uuid
from typing import Dict, Union

import numpy as np
from kserve import InferRequest, InferResponse, InferOutput, Model, ModelServer, model_server
from kserve.errors import InvalidInput


def _echo_response(name: str, request: InferRequest) -> InferResponse:
    outputs = []
    for tensor in request.inputs:
        array = tensor.as_numpy()
        output = InferOutput(name="OUT_" + tensor.name, shape=list(array.shape), datatype=tensor.datatype)
        output.set_data_from_numpy(array, binary_data=False)
        outputs.append(output)
    return InferResponse(
        response_id=request.id or str(uuid.uuid4()),
        model_name=name,
        infer_outputs=outputs,
        use_binary_outputs=request.use_binary_outputs,
        requested_outputs=request.request_outputs,
    )


class EchoModel(Model):
    def __init__(self, name: str):
        super().__init__(name)
        self.ready = True

    async def predict(self, payload: Union[Dict, InferRequest], headers: Dict[str, str] = None):
        if isinstance(payload, InferRequest):
            return _echo_response(self.name, payload)
        return {"predictions": payload.get("instances", payload.get("inputs"))}


class RowSumModel(Model):
    def __init__(self, name: str):
        super().__init__(name)
        self.ready = True

    def get_input_types(self):
        return [{"name": "rows", "datatype": "FP32", "shape": [-1, -1]}]

    def get_output_types(self):
        return [{"name": "sum", "datatype": "FP64", "shape": [-1]}]

    async def predict(self, payload: Union[Dict, InferRequest], headers: Dict[str, str] = None):
        if isinstance(payload, InferRequest):
            array = payload.inputs[0].as_numpy().astype(np.float64)
            if array.ndim != 2:
                raise InvalidInput(f"row-sum expects a 2-D input, got shape {list(array.shape)}")
            sums = array.sum(axis=1)
            output = InferOutput(name="sum", shape=[int(sums.shape[0])], datatype="FP64")
            output.set_data_from_numpy(sums, binary_data=False)
            return InferResponse(
                response_id=payload.id or str(uuid.uuid4()),
                model_name=self.name,
                infer_outputs=[output],
                use_binary_outputs=payload.use_binary_outputs,
                requested_outputs=payload.request_outputs,
            )
        instances = payload.get("instances")
        if not isinstance(instances, list):
            raise InvalidInput('row-sum expects {"instances": [[numbers...], ...]}')
        try:
            return {"predictions": [float(np.sum(np.asarray(row, dtype=np.float64))) for row in instances]}
        except (TypeError, ValueError) as error:
            raise InvalidInput(f"row-sum: instances must be rows of numbers ({error})")


class SlowModel(EchoModel):
    async def predict(self, payload, headers=None):
        await asyncio.sleep(float(os.environ.get("SLOW_SECONDS", "5")))
        return await super().predict(payload, headers)


class FailingModel(Model):
    def __init__(self, name: str):
        super().__init__(name)
        self.ready = True

    async def predict(self, payload, headers=None):
        raise RuntimeError("the failing model always fails")


def _exit_with_parent() -> None:
    """Ends this server when the test process that started it goes away, so no peer outlives a test run."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(parents=[model_server.parser])
    args, _ = parser.parse_known_args()
    _exit_with_parent()
    models = [EchoModel("echo"), RowSumModel("row-sum"), SlowModel("slow"), FailingModel("failing")]
    ModelServer(http_port=args.http_port, grpc_port=args.grpc_port, enable_grpc=False, workers=1).start(models)
