"""botocore's ParamValidator on the validation benchmark corpus (JSON lines: operation, request).

The same requests muster and AJV validate; prints one JSON object with the time and how many it
rejects.
"""
import json
import sys
import time

import botocore.session
from botocore.validate import ParamValidator

SERVICES = {"RegisterInstance": "servicediscovery", "RegisterContainerInstance": "ecs"}


def main() -> None:
    corpus = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    session = botocore.session.get_session()
    shapes = {
        op: session.get_service_model(service).operation_model(op).input_shape
        for op, service in SERVICES.items()
    }
    validator = ParamValidator()
    invalid = 0
    for item in corpus:
        invalid += bool(validator.validate(item["request"], shapes[item["operation"]]).has_errors())
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        for item in corpus:
            validator.validate(item["request"], shapes[item["operation"]])
        best = min(best, (time.perf_counter() - start) * 1000)
    print(json.dumps({"botocoreMs": best, "botocoreInvalid": invalid, "requests": len(corpus)}))


if __name__ == "__main__":
    main()
