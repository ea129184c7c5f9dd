"""The rules engine: rules.toml evaluated against a request, as findings that name their source.

Each rule in `core/knowledge/data/rules.toml` is data (a condition of selectors, a message, a
source); this module knows what each selector means and nothing about any one rule. The request
models call it: `OutputConfig` and `CompilationRequest` raise the rules that refuse (so a request
model is always one the documentation allows), and `advisories` adds the ones that warn.

Suggestions: a rule whose condition includes `options_present = false` offers the device's known
option values (devices.toml `example`); `suggested_options` returns them for the UI to apply.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from core.errors import Problem, quote
from core.knowledge.frameworks import versioned_frameworks
from core.knowledge.platforms import platform_table
from core.knowledge.rules import Kind, Rule, RuleBook, TargetGroup, VersionRow, rule_book
from core.spec import catalog
from core.spec.rule_options import READERS
from core.spec.rule_places import places
from core.spec.target import target_label

Scope = Literal["output", "request", "all", "fields", "facts"]


@dataclass(frozen=True)
class Facts:
    """What the rules read from a request (or from an OutputConfig alone)."""

    framework: str | None = None
    framework_version: str | None = None
    shapes_present: bool = False
    shape_features: frozenset[str] = frozenset()
    device: str | None = None
    platform: tuple[str, str, str | None] | None = None
    """(Os, Arch, Accelerator) of a TargetPlatform."""
    options: Any = None
    """The CompilerOptions value (the object, or Neuron's flag string); None when not given."""
    undocumented_options: tuple[tuple[str, str | None], ...] = ()
    """Keys given that the documentation does not give for the target, each with the API's
    spelling when it is a documented key written the Python way."""
    offered_options: tuple[str, ...] = ()
    """The keys the documentation gives for the target."""
    duplicate_options: tuple[str, ...] = ()
    """Keys the CompilerOptions string names twice in one object."""
    numeric_options: tuple[str, ...] = ()
    """Keys the documentation gives as text that CompilerOptions writes as numbers."""
    duplicate_shape_keys: tuple[str, ...] = ()
    """Keys the DataInputConfig string names twice in one object."""
    coreml_shape_faults: tuple[str, ...] = ()
    """Input objects' type, bias or scale outside Core ML's documented forms (core.spec.shapes)."""
    api: dict[str, Any] = field(default_factory=dict)
    """The request as the API takes it, for the `field` selectors."""

    @property
    def target(self) -> str:
        if self.device:
            return self.device
        if self.platform:
            os_, arch, accelerator = self.platform
            return target_label(
                {"TargetPlatform": {"Os": os_, "Arch": arch, "Accelerator": accelerator}}
            )
        return "this target"


@dataclass(frozen=True)
class Finding:
    """One rule that applies: refuse or warn, where, and why (the message cites its source)."""

    rule: str
    kind: Kind
    path: str
    message: str
    url: str

    def problem(self) -> Problem:
        return Problem(self.path, self.message, "error" if self.kind == "refuse" else "warning")


class _Blank(dict[str, Any]):
    """Placeholders a message names but the request does not fill stay as they are written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def major_minor(version: str) -> tuple[Any, ...]:
    """'1.15.3' -> (1, 15): the SDK sends major.minor, so versions compare on those two."""
    parts = version.split(".")[:2]
    return tuple(int(part) if part.isdigit() else part for part in parts)


def below(version: str, bound: str) -> bool:
    try:
        return major_minor(version) < major_minor(bound)
    except TypeError:  # a part that is not a number: no order to speak of
        return False


def in_group(facts: Facts, group: TargetGroup) -> bool:
    """Whether the target is one of the group's devices, families or (any) platform."""
    if facts.device is not None:
        return (
            facts.device in group.devices or catalog.device(facts.device).family in group.families
        )
    return facts.platform is not None and group.platforms


def pair_listed(os_: str, arch: str) -> bool:
    """Whether any column (CPU or an accelerator) of the guide's platform table lists Os/Arch."""
    return any(arch in archs for archs in platform_table().get(os_, {}).values())


def version_row(facts: Facts, book: RuleBook | None = None) -> VersionRow | None:
    """The first row of the version table for the request's framework and target, if any."""
    book = book or rule_book()
    for row in book.versions:
        if facts.framework in row.frameworks and in_group(facts, book.groups[row.group]):
            return row
    return None


def _example(device: str | None) -> dict[str, Any]:
    return dict(catalog.device(device).example or {}) if device else {}


def _quoted(names: tuple[str, ...]) -> str:
    return ", ".join(quote(name) for name in names)


_NAMED_LISTS: dict[str, tuple[str, Callable[[tuple[str, ...]], str]]] = {
    "options_duplicated": ("duplicate_options", _quoted),
    "shapes_duplicated": ("duplicate_shape_keys", _quoted),
    "options_numbers": ("numeric_options", _quoted),
    "shapes_coreml_faults": ("coreml_shape_faults", "; ".join),
}
"""Selectors that read a list of the facts: the Facts field, and how {value} names its items."""


def _holds(key: str, wanted: Any, facts: Facts, book: RuleBook, compared: dict[str, Any]) -> bool:
    """Whether one selector holds (rules.toml's header says what each one means)."""
    reader = READERS.get(key)
    if reader is not None:
        return reader(facts.options, wanted, compared)
    device = catalog.device(facts.device) if facts.device and key in _DEVICE_KEYS else None
    platform = facts.platform
    if key == "framework":
        return facts.framework in wanted
    if key == "framework_not":
        return facts.framework is not None and facts.framework not in wanted
    if key == "framework_versioned":
        return facts.framework is not None and (facts.framework in versioned_frameworks()) == wanted
    if key == "framework_version_present":
        return (facts.framework_version is not None) == wanted
    if key == "framework_version_below":
        return facts.framework_version is not None and below(facts.framework_version, wanted)
    if key == "framework_version_row":
        return wanted == "none" and version_row(facts, book) is None
    if key == "shapes_present":
        return facts.framework is not None and facts.shapes_present == wanted
    if key == "shape_features":
        return bool(facts.shape_features & set(wanted))
    if key == "device":
        return facts.device in wanted
    if key == "device_not":
        return facts.device not in wanted
    if key == "device_family":
        return device is not None and device.family in wanted
    if key == "device_family_not":
        return device is None or device.family not in wanted
    if key == "device_group":
        return in_group(facts, book.groups[wanted])
    if key == "device_group_not":
        return not any(in_group(facts, book.groups[name]) for name in wanted)
    if key == "device_options":
        return device is not None and device.options in wanted
    if key == "platform":
        return (platform is not None) == wanted
    if key == "accelerator":
        return platform is not None and platform[2] in wanted
    if key == "arch":
        return platform is not None and platform[1] in wanted
    if key == "platform_pair_listed":
        return platform is not None and pair_listed(platform[0], platform[1]) == wanted
    if key == "option_offered":
        return any(name in facts.offered_options for name in wanted)
    if key in _NAMED_LISTS:  # a list of the facts: it holds when it has items, named in {value}
        named, joined = _NAMED_LISTS[key]
        items: tuple[str, ...] = getattr(facts, named)
        if items:
            compared.update(value=joined(items))
        return bool(items) == wanted
    if key == "options_undocumented":
        return bool(facts.undocumented_options) == wanted
    if key == "option_mismatch":
        given = facts.options if isinstance(facts.options, dict) else {}
        key_given = next((k for k in wanted["keys"] if k in given), None)
        if any(k in given for k in wanted.get("unless_given", ())):
            return False
        expected = _example(facts.device).get(wanted["example"])
        if key_given is None or expected is None or given[key_given] == expected:
            return False
        compared.update(value=quote(given[key_given]), expected=expected, option=key_given)
        return True
    raise ValueError(f"rules.toml selector {key!r} has no meaning in core.spec.rules")


_DEVICE_KEYS = frozenset({"device_family", "device_family_not", "device_options"})
"""The selectors that read the device's curated entry (the others need only its value)."""


def _context(facts: Facts) -> dict[str, Any]:
    os_, arch, accelerator = facts.platform or (None, None, None)
    example = _example(facts.device)
    return {
        "framework": facts.framework,
        "version": quote(facts.framework_version) if facts.framework_version else None,
        "device": facts.device,
        "target": facts.target,
        "os": os_,
        "arch": arch,
        "accelerator": accelerator,
        "example": json.dumps(example) if example else "no values",
        "versioned": ", ".join(versioned_frameworks()),
        "offered": ", ".join(facts.offered_options) or "none",
    }


def _lazy_context(facts: Facts) -> Callable[[], dict[str, Any]]:
    """_context(facts), made on the first call and kept."""
    made: list[dict[str, Any]] = []

    def context() -> dict[str, Any]:
        if not made:
            made.append(_context(facts))
        return made[0]

    return context


def _message(template: str, ctx: Mapping[str, Any], citation: str) -> str:
    filled = {key: value for key, value in ctx.items() if value is not None}
    return f"{template.format_map(_Blank(filled))} ({citation})."


def _rule_findings(
    rule: Rule, facts: Facts, book: RuleBook, context: Callable[[], Mapping[str, Any]]
) -> list[Finding]:
    """The rule's findings; context() (the message's values) is asked for only when the rule
    holds, which few of the rules do for any one request."""
    compared: dict[str, Any] = {}  # option_mismatch names the values it compared
    for key, wanted in rule.selectors:
        if not _holds(key, wanted, facts, book, compared):
            return []
    found = []
    for extra in places(rule.when, facts.api, facts.undocumented_options):
        full = {**context(), **compared, **extra}
        where = {**extra, **{k: v for k, v in compared.items() if k == "option"}}
        path = rule.path.format_map(
            _Blank({k: where[k] for k in ("index", "key", "option") if k in where})
        )
        message = _message(rule.message, full, rule.citation)
        found.append(Finding(rule.id, rule.kind, path, message, rule.source.url))
    return found


def _version_findings(facts: Facts, book: RuleBook) -> list[Finding]:
    version = facts.framework_version
    if version is None or facts.framework not in versioned_frameworks():
        return []
    row = version_row(facts, book)
    if row is None:
        return []
    ctx = {
        **_context(facts),
        "row": row.id,
        "group": book.groups[row.group].title,
        "allowed": ", ".join(row.versions),
    }
    kind = row.kind
    if not row.versions:
        template = book.version_messages["not_sent"]
    elif major_minor(version) in {major_minor(listed) for listed in row.versions}:
        return []
    elif row.earlier and below(version, max(row.versions, key=major_minor)):
        template, kind = book.version_messages["earlier"], "warn"
    else:
        template = book.version_messages["not_listed"]
    message = _message(template, ctx, row.citation)
    return [Finding(row.rule_id, kind, "InputConfig.FrameworkVersion", message, row.source.url)]


def evaluate(facts: Facts, scope: Scope = "all") -> list[Finding]:
    """Every rule that applies, refusals first; scope "output" keeps the rules that read
    OutputConfig alone, "request" the others (so nested models never say one thing twice),
    "fields" the rules that read request fields alone (they can judge a request as written,
    one that does not validate yet: `Facts(api=...)`), "facts" all the others."""
    book = rule_book()
    context = _lazy_context(facts)
    found: list[Finding] = []
    for rule in book.rules:
        if scope in ("fields", "facts"):
            applies = rule.fields_only == (scope == "fields")
        else:
            applies = scope == "all" or (scope == "output") == rule.output_only
        if applies:
            found += _rule_findings(rule, facts, book, context)
    if scope in ("request", "all", "facts"):
        found += _version_findings(facts, book)
    return sorted(found, key=lambda item: item.kind != "refuse")


def _loc(path: str) -> tuple[str | int, ...]:
    loc: list[str | int] = []
    for part in path.split("."):
        name, *indexes = re.split(r"\[(\d+)\]", part)
        if name:
            loc.append(name)
        loc.extend(int(index) for index in indexes if index)
    return tuple(loc)


def refusal(findings: list[Finding], strip: str = "") -> ValidationError | None:
    """The refusing findings as one ValidationError at their API paths (None when there are none);
    strip: the path prefix of the model raising it (OutputConfig's rules start "OutputConfig.")."""
    details = [
        InitErrorDetails(
            type=PydanticCustomError("documented_rule", "{message}", {"message": item.message}),
            loc=_loc(item.path.removeprefix(strip)),
            input=None,
        )
        for item in findings
        if item.kind == "refuse"
    ]
    if not details:
        return None
    return ValidationError.from_exception_data("CompilationRequest", details)


def warnings(findings: list[Finding]) -> list[Problem]:
    return [item.problem() for item in findings if item.kind == "warn"]


def suggested_options(facts: Facts) -> dict[str, Any] | None:
    """The option values a suggestion rule offers for this target (devices.toml's example), or
    None: the UI shows them beside the empty options and applies them on request."""
    book = rule_book()
    context = _lazy_context(facts)
    for rule in book.rules:
        if rule.when.get("options_present") is False and _rule_findings(rule, facts, book, context):
            return _example(facts.device) or None
    return None


def source_url(rule_id: str) -> str:
    """The public page a rule comes from (for a link beside its message)."""
    return rule_book().rule(rule_id).source.url
