"""YAML as CloudFormation and Terraform users write a request (CloudFormation has no
compilation-job resource, so the YAML is a mapping of the request, or of its snake_case keys).

Read with PyYAML's safe loader, narrowed to what a request holds: versions stay text ("1.10" is
not 1.1), `yes`/`no`/`on` stay words, dates stay text, anchors and aliases are refused (they let a
few lines expand into gigabytes), and CloudFormation's `!Ref` / `!Sub` / `!GetAtt` become values
that name themselves (`!Sub` without variables is its text)."""

from __future__ import annotations

import re
from typing import Any

import yaml  # type: ignore[import-untyped]  # PyYAML ships no type information

from core.errors import NeoConfigError
from core.interchange.holes import Unresolved, cut
from core.interchange.jsonish import said_twice
from core.interchange.log import ImportLog

_SIGNIFICANT = re.compile(r"[^\s#]")
_MAPPING_LINE = re.compile(r"""[\w"'./-][^:=(){}\[\]]*:(\s|$)""")


class _Loader(yaml.SafeLoader):
    """SafeLoader without aliases, and with only JSON's types; `twice` holds each key a mapping
    gives twice (PyYAML keeps the last silently; YAML 1.2 makes it an error)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.twice: list[tuple[str, Any, Any]] = []

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        mapping = super().construct_mapping(node, deep=deep)
        first: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            value = self.construct_object(value_node, deep=True)
            if key in first:
                self.twice.append((str(key), first[key], value))
            else:
                first[key] = value
        return mapping

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise NeoConfigError(
                "The YAML uses an alias (*name); write the values out, a request needs none."
            )
        return super().compose_node(parent, index)


def _text(loader: _Loader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


def _int(loader: _Loader, node: yaml.ScalarNode) -> Any:
    text = _text(loader, node)
    return int(text) if re.fullmatch(r"[-+]?\d{1,18}", text) else text


def _bool(loader: _Loader, node: yaml.ScalarNode) -> Any:
    text = _text(loader, node)
    return text.lower() == "true" if text.lower() in ("true", "false") else text


def _refuse(loader: _Loader, node: yaml.Node) -> Any:
    raise NeoConfigError(f"The YAML holds a {node.tag.rsplit(':', 1)[-1]}, which no request has.")


def _cloudformation(loader: _Loader, suffix: str, node: yaml.Node) -> Any:
    """!Ref Role, !Sub "s3://${Bucket}/out", !GetAtt Role.Arn, !Join [...]: names itself."""
    if isinstance(node, yaml.ScalarNode):
        value: Any = _text(loader, node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Sub" and isinstance(value, str) and "${" not in value:
        return value
    if suffix == "Join" and isinstance(value, list) and len(value) == 2:
        separator, parts = value
        if isinstance(parts, list) and all(isinstance(p, str) for p in [separator, *parts]):
            return separator.join(parts)
    shown = value if isinstance(value, str) else yaml.safe_dump(value, default_flow_style=True)
    return Unresolved(cut(f"!{suffix} {shown.strip()}"))


for _tag, _constructor in (
    ("tag:yaml.org,2002:float", _text),
    ("tag:yaml.org,2002:timestamp", _text),
    ("tag:yaml.org,2002:int", _int),
    ("tag:yaml.org,2002:bool", _bool),
    ("tag:yaml.org,2002:binary", _refuse),
    ("tag:yaml.org,2002:set", _refuse),
    ("tag:yaml.org,2002:omap", _refuse),
    ("tag:yaml.org,2002:pairs", _refuse),
):
    _Loader.add_constructor(_tag, _constructor)
_Loader.add_multi_constructor("!", _cloudformation)


def _string_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _string_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_string_keys(item) for item in value]
    return value


def looks_like_yaml(text: str) -> bool:
    """Whether the first line that says something is `key: value` or a document start."""
    for line in text.splitlines():
        if not _SIGNIFICANT.search(line) or line.lstrip().startswith("#"):
            continue
        stripped = line.strip()
        return (
            stripped in ("---", "%YAML")
            or stripped.startswith("%YAML")
            or bool(_MAPPING_LINE.match(stripped) and " = " not in stripped)
        )
    return False


def load_yaml(text: str, log: ImportLog) -> Any:
    """The YAML text's value, each key given twice said in log; NeoConfigError with the place
    when it does not parse."""
    loader: _Loader | None = None
    try:  # the reader refuses some characters as it is made
        loader = _Loader(text)
        value = _string_keys(loader.get_single_data())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or "it is not YAML"
        raise NeoConfigError(f"The YAML does not parse ({reason}{where}).") from None
    finally:
        if loader is not None:
            loader.dispose()
    for key, first, last in loader.twice:
        said_twice(log, key, first, last)
    return value
