"""Ansible 2.14's own Templar as an oracle for test/interop/template-differential.test.ts.

Reads {"vars_file", "basedir", "exprs": [...]} as JSON on stdin and writes one typed result per expression: the
value Templar.template(expr) gives with the variables of vars_file (loaded by Ansible's DataLoader, as play vars
are) -- what a debug task's msg holds in ansible-playbook, whose TaskExecutor templates task arguments the same way
(jinja2_native off, convert_data on: ansible_eval_concat). One process renders every expression, so thousands of
cases take seconds instead of a playbook run each.

A value is written tagged with its Python type, so the caller compares types too: ["int", 1], ["float", "1.0"]
(repr, so 1.0 and 1 differ), ["str", "x"], ["text", "x"] (NativeJinjaText), ["bool", true], ["none", null],
["list", [...]], ["tuple", [...]], ["dict", [[key, value], ...]], ["set", [sorted reprs]] (a set prints in an
order Python picks per run). A failure is {"error": "<message>"}.
"""
import json
import sys

from ansible.errors import AnsibleError
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar
from ansible.utils.native_jinja import NativeJinjaText


def tagged(v, depth=0):
    if depth > 50:
        return ["deep", None]
    if v is None:
        return ["none", None]
    if isinstance(v, bool):
        return ["bool", v]
    if isinstance(v, int):
        return ["int", v]
    if isinstance(v, float):
        return ["float", repr(v)]
    if isinstance(v, NativeJinjaText):
        return ["text", str(v)]
    if isinstance(v, str):
        return ["str", str(v)]
    if isinstance(v, (set, frozenset)):
        return ["set", sorted(repr(x) for x in v)]
    if isinstance(v, tuple):
        return ["tuple", [tagged(x, depth + 1) for x in v]]
    if isinstance(v, list):
        return ["list", [tagged(x, depth + 1) for x in v]]
    if isinstance(v, dict):
        return ["dict", [[tagged(k, depth + 1), tagged(x, depth + 1)] for k, x in v.items()]]
    return ["other", type(v).__name__ + ": " + str(v)]


def main():
    req = json.load(sys.stdin)
    loader = DataLoader()
    loader.set_basedir(req["basedir"])
    variables = loader.load_from_file(req["vars_file"]) or {}
    out = []
    for expr in req["exprs"]:
        templar = Templar(loader=loader, variables=variables)
        try:
            out.append({"value": tagged(templar.template(expr))})
        except AnsibleError as e:
            out.append({"error": str(e.message if hasattr(e, "message") else e)})
        except Exception as e:  # noqa: BLE001 -- any failure is a failed task in ansible-playbook
            out.append({"error": "%s: %s" % (type(e).__name__, e)})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
