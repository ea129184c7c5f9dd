"""Member names as people write them (`compilation_job_name`, `target_device`, `s3_uri`, `tags:
- key:`), read as the API's, with botocore's model as the map; and the request found where a
template keeps it (CloudFormation `Properties`, a Step Functions state's `Parameters`)."""

from __future__ import annotations

from collections import deque
from typing import Any

from core.errors import quote
from core.interchange.holes import Unresolved, cut
from core.interchange.log import ImportLog
from core.spec import service

REQUEST_KEYS = frozenset(
    {"compilationjobname", "inputconfig", "outputconfig", "rolearn", "stoppingcondition",
     "modelpackageversionarn"}
)  # fmt: skip
OUTPUT_KEYS = frozenset({"targetdevice", "targetplatform", "s3outputlocation", "compileroptions"})
SEARCH_DEPTH = 4


def squash(key: Any) -> str:
    return str(key).replace("_", "").replace("-", "").replace(" ", "").lower()


def kind_of(value: Any) -> str | None:
    """ "request", "output" or None: which API object a dict's keys say it is."""
    if not isinstance(value, dict):
        return None
    keys = {squash(key) for key in value}
    if keys & REQUEST_KEYS:
        return "request"
    return "output" if keys & OUTPUT_KEYS else None


def find_request(value: Any, log: ImportLog) -> Any:
    """value, or the first object inside it (a few levels down) that holds a request."""
    if not isinstance(value, dict) or kind_of(value):
        return value
    queue: deque[tuple[str, Any, int]] = deque((str(k), v, 1) for k, v in value.items())
    while queue:
        path, item, depth = queue.popleft()
        if kind_of(item):
            log.repair(f"Read the request under {quote(path)}; the text around it was left out.")
            return item
        if isinstance(item, dict) and depth < SEARCH_DEPTH:
            queue.extend((f"{path}.{k}", v, depth + 1) for k, v in item.items())
    return value


def api_names(value: Any, log: ImportLog) -> Any:
    """value with its member names spelled as the API spells them, said in one repair."""
    kind = kind_of(value)
    if kind is None:
        return value
    shape = service.create_operation().input_shape
    if kind == "output":
        shape = shape.members["OutputConfig"]
    renamed: dict[str, str] = {}
    fixed = _names(value, shape, "", renamed, log)
    if renamed:
        pairs = [f"{written} as {name}" for written, name in list(renamed.items())[:6]]
        more = ", …" if len(renamed) > 6 else ""
        log.repair(f"Read member names as the API spells them: {', '.join(pairs)}{more}.")
    return fixed


def _names(value: Any, shape: Any, path: str, renamed: dict[str, str], log: ImportLog) -> Any:
    if shape.type_name == "list" and isinstance(value, list):
        return [
            _names(item, shape.member, f"{path}[{i}]", renamed, log) for i, item in enumerate(value)
        ]
    if shape.type_name != "structure" or not isinstance(value, dict):
        return value
    members = {squash(name): name for name in shape.members}
    fixed: dict[str, Any] = {}
    written: dict[str, str] = {}
    for written_key, item in value.items():
        key = str(written_key)
        if key.endswith(".$"):  # Step Functions: a path into its input
            key, item = key[:-2], Unresolved(cut(f"the state input {item}"))
        name: str = key if key in shape.members else members.get(squash(key), key)
        where = f"{path}.{name}" if path else name
        if name in fixed:
            if fixed[name] != item:
                log.problem(
                    where,
                    f"{quote(written[name])} and {quote(key)} both set {name}, to "
                    f"{quote(fixed[name])} and {quote(item)}; keep only the one you mean.",
                )
            if key != name:
                continue  # the API's own spelling wins
        elif name != key:
            renamed[key] = name
        written[name] = key
        inner = shape.members.get(name)
        fixed[name] = _names(item, inner, where, renamed, log) if inner is not None else item
    return fixed
