"""The KServe Python model server serving ONNX models with onnxruntime (a kserve.Model wrapping an InferenceSession,
one thread per session): the peer that bench/onnx.sh compares `kserve serve` with, and a stand-in server that
Tests/IntegrationTests/Peers/onnx_agreement_check.py can be tried against.

Usage: onnx_server.py --http_port PORT (--model_dir DIR | --model_name NAME --model_file PATH) [--workers N]
With --model_dir every DIR/NAME.onnx is served as NAME. V2 only. A ZipMap output (a list of {label: probability}
dicts from onnxruntime) is answered as an FP32 [N, C] tensor in label order, as `kserve serve` answers it.
"""

import argparse
import glob
import os
import threading
import time
from typing import Dict, Union

import numpy as np
import onnxruntime
from kserve import InferOutput, InferRequest, InferResponse, Model, ModelServer, model_server

V2_TYPES = {
    "tensor(float)": "FP32", "tensor(double)": "FP64", "tensor(int64)": "INT64", "tensor(int32)": "INT32",
    "tensor(bool)": "BOOL", "tensor(string)": "BYTES", "tensor(uint8)": "UINT8", "tensor(int8)": "INT8",
}

NUMPY_V2_TYPES = {
    np.dtype(np.float32): "FP32", np.dtype(np.float64): "FP64", np.dtype(np.int64): "INT64",
    np.dtype(np.int32): "INT32", np.dtype(np.bool_): "BOOL",
}


class ONNXModel(Model):
    def __init__(self, name: str, model_file: str):
        super().__init__(name)
        self.model_file = model_file
        self.session = None

    def load(self) -> bool:
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(self.model_file, options, providers=["CPUExecutionProvider"])
        # ZipMap outputs' class counts (their metadata shape) from a run on one row of zeros.
        self.labels = {}
        feeds = {}
        for i in self.session.get_inputs():
            shape = [d if isinstance(d, int) else 1 for d in i.shape]
            feeds[i.name] = np.zeros(shape, dtype=np.float32 if i.type == "tensor(float)" else np.float64)
        if all(i.type in ("tensor(float)", "tensor(double)") for i in self.session.get_inputs()):
            for o, value in zip(self.session.get_outputs(), self.session.run(None, feeds)):
                if isinstance(value, list) and value:
                    self.labels[o.name] = [str(label) for label in value[0].keys()]
        self.ready = True
        return self.ready

    def get_input_types(self):
        return [
            {"name": i.name, "datatype": V2_TYPES.get(i.type, i.type),
             "shape": [d if isinstance(d, int) else -1 for d in i.shape]}
            for i in self.session.get_inputs()
        ]

    def get_output_types(self):
        outputs = []
        for o in self.session.get_outputs():
            if o.type.startswith("seq(map"):
                labels = self.labels.get(o.name, [])
                outputs.append({"name": o.name, "datatype": "FP32", "shape": [-1, len(labels) or -1]})
            else:
                outputs.append({"name": o.name, "datatype": V2_TYPES.get(o.type, o.type),
                                "shape": [d if isinstance(d, int) else -1 for d in (o.shape or [])]})
        return outputs

    async def predict(self, payload: Union[Dict, InferRequest], headers: Dict[str, str] = None):
        feeds = {tensor.name: tensor.as_numpy() for tensor in payload.inputs}
        names = [o.name for o in self.session.get_outputs()]
        wanted = {o.name for o in payload.request_outputs} if payload.request_outputs else set(names)
        outputs = []
        for name, value in zip(names, self.session.run(names, feeds)):
            if name not in wanted:
                continue
            if isinstance(value, list):  # ZipMap
                labels = list(value[0].keys()) if value else []
                value = np.array([[row[label] for label in labels] for row in value], dtype=np.float32)
            value = np.asarray(value)
            if value.dtype == object:
                datatype = "BYTES"
            else:
                datatype = NUMPY_V2_TYPES[value.dtype]
            output = InferOutput(name=name, shape=list(value.shape), datatype=datatype)
            output.set_data_from_numpy(value, binary_data=False)
            outputs.append(output)
        return InferResponse(model_name=self.name, infer_outputs=outputs, response_id=payload.id or "1",
                             use_binary_outputs=payload.use_binary_outputs,
                             requested_outputs=payload.request_outputs)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(parents=[model_server.parser])
    parser.add_argument("--model_file")
    parser.add_argument("--model_dir")
    args, _ = parser.parse_known_args()
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    if args.model_dir:
        files = sorted(glob.glob(os.path.join(args.model_dir, "*.onnx")))
        models = [ONNXModel(os.path.basename(f)[: -len(".onnx")], f) for f in files]
    else:
        models = [ONNXModel(args.model_name, args.model_file)]
    for model in models:
        model.load()
    ModelServer(http_port=args.http_port, enable_grpc=False, workers=args.workers).start(models)
