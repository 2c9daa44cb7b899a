"""The KServe Python model server serving an XGBoost JSON model the way KServe's xgbserver does
(kserve.Model + xgboost.Booster): the peer that benchmarks compare `kserve serve` with.

Usage: xgb_server.py --http_port PORT --model_name NAME --model_file PATH [--workers N]
"""

import argparse
import os
import threading
import time
from typing import Dict, Union

import numpy as np
import xgboost
from kserve import InferOutput, InferRequest, InferResponse, Model, ModelServer, model_server


class XGBoostModel(Model):
    def __init__(self, name: str, model_file: str):
        super().__init__(name)
        self.model_file = model_file
        self.booster = None

    def load(self) -> bool:
        self.booster = xgboost.Booster(params={"nthread": 1}, model_file=self.model_file)
        self.ready = True
        return self.ready

    async def predict(self, payload: Union[Dict, InferRequest], headers: Dict[str, str] = None):
        if isinstance(payload, InferRequest):
            rows = payload.inputs[0].as_numpy()
            result = self.booster.predict(xgboost.DMatrix(rows))
            output = InferOutput(name="output-0", shape=list(result.shape), datatype="FP32")
            output.set_data_from_numpy(result.astype(np.float32), binary_data=False)
            return InferResponse(model_name=self.name, infer_outputs=[output], response_id=payload.id or "1",
                                 use_binary_outputs=payload.use_binary_outputs)
        return {"predictions": self.booster.predict(xgboost.DMatrix(payload["instances"])).tolist()}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(parents=[model_server.parser])
    parser.add_argument("--model_file", required=True)
    args, _ = parser.parse_known_args()
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    model = XGBoostModel(args.model_name, args.model_file)
    model.load()
    ModelServer(http_port=args.http_port, enable_grpc=False, workers=args.workers).start([model])
