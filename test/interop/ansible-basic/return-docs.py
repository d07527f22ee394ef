"""Prints the RETURN documentation of Windows modules as ansible.windows 1.14 (or community.windows, for win_hosts)
ships it: the RETURN block of plugins/modules/<name>.py, or of <name>.yml for the modules documented that way
(setup, slurp). One JSON object: {module: {key: {"returned": ..., "contains": {sub key: same shape}, "values": [the
C(value)s its description names]}}}."""
import ast
import json
import os
import re
import sys

import yaml

DIRS = [
    '/usr/lib/python3/dist-packages/ansible_collections/ansible/windows/plugins/modules',
    '/usr/lib/python3/dist-packages/ansible_collections/community/windows/plugins/modules',
]


def return_block(name):
    for d in DIRS:
        doc = os.path.join(d, name + '.yml')
        if os.path.exists(doc):
            with open(doc, encoding='utf-8') as f:
                return yaml.safe_load(f).get('RETURN') or {}
        py = os.path.join(d, name + '.py')
        if os.path.exists(py):
            with open(py, encoding='utf-8') as f:
                tree = ast.parse(f.read())
            for node in tree.body:
                if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', '') == 'RETURN':
                    return yaml.safe_load(node.value.value) or {}
            return {}
    raise SystemExit('no module ' + name)


def describe(entry):
    text = entry.get('description', '')
    text = ' '.join(text) if isinstance(text, list) else str(text)
    return {
        'returned': str(entry.get('returned', '')),
        'contains': {k: describe(v or {}) for k, v in (entry.get('contains') or {}).items()},
        'values': re.findall(r'C\((\w+)\)', text),
    }


print(json.dumps({m: {k: describe(v or {}) for k, v in return_block(m).items()} for m in sys.argv[1:]}))
