"""Runs ansible-core's own argument validation (module_utils/common/arg_spec.py: ArgumentSpecValidator, the type
checks of common/validation.py) on each case of a JSON file: [{"spec": {...}, "args": {...}}]. Prints one JSON
line per case: the validated parameters, or the first error message."""
import json
import sys

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

for case in json.load(open(sys.argv[1], encoding='utf-8')):
    result = ArgumentSpecValidator(case['spec']).validate(case['args'])
    if result.error_messages:
        print(json.dumps({'msg': result.error_messages[0]}))
    else:
        print(json.dumps({'params': {k: result.validated_parameters.get(k) for k in case['args']}}))
