"""The documented rules about how request fields combine (rules.toml), as typed values.

Loading checks the data's shape: an unknown selector, kind or source is a NeoConfigError naming
the rule, so a typo in rules.toml fails every test instead of silently matching nothing. What the
selectors mean is `core.spec.rules`' to say; this module only reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cached_property
from types import MappingProxyType
from typing import Any, Literal

from core.errors import NeoConfigError
from core.knowledge import derived, read_data

Kind = Literal["refuse", "warn"]
KINDS: tuple[str, ...] = ("refuse", "warn")

OUTPUT_SELECTORS: frozenset[str] = frozenset(
    {
        "device",
        "device_not",
        "device_family",
        "device_family_not",
        "device_group",
        "device_group_not",
        "device_options",
        "platform",
        "accelerator",
        "arch",
        "platform_pair_listed",
        "options_present",
        "option_given",
        "option_mismatch",
        "options_undocumented",
        "option_unsigned_flag",
        "options_empty",
        "option_flag",
        "option_not_matching",
        "options_all_given",
        "options_missing",
        "option_offered",
        "options_object",
        "options_duplicated",
        "options_numbers",
    }
)
"""Selectors that read OutputConfig alone: a rule using only these applies to an OutputConfig."""

FIELD_KEYS: frozenset[str] = frozenset(
    {
        "field",
        "above",
        "below_field",
        "starts_with",
        "ignore_case",
        "contains",
        "not_matching",
        "repeated",
    }
)
"""Selectors that test one request field's values (each match is a finding of its own)."""

SELECTORS: frozenset[str] = (
    OUTPUT_SELECTORS
    | FIELD_KEYS
    | {
        "framework",
        "framework_not",
        "framework_versioned",
        "framework_version_present",
        "framework_version_below",
        "framework_version_row",
        "shapes_present",
        "shape_features",
        "shapes_duplicated",
        "shapes_coreml_faults",
    }
)
"""Every selector a rule's `when` may use (rules.toml's header says what each means)."""


@dataclass(frozen=True)
class Source:
    """A public page a rule comes from."""

    key: str
    title: str
    url: str


@dataclass(frozen=True)
class Rule:
    """One documented rule: when it applies, what it says, and where the documentation says it."""

    id: str
    kind: Kind
    path: str
    when: Mapping[str, Any]
    message: str
    source: Source
    section: str = ""

    @property
    def citation(self) -> str:
        """How a message names the rule: "rule <id>, <page title>, <section>"."""
        return _citation(self.id, self.source, self.section)

    @cached_property
    def output_only(self) -> bool:
        """Whether the rule reads OutputConfig alone (so it applies to an OutputConfig too)."""
        if self.fields_only:
            return all(
                str(self.when[key]).startswith("OutputConfig.")
                for key in ("field", "below_field")
                if key in self.when
            )
        return set(self.when) <= OUTPUT_SELECTORS

    @cached_property
    def fields_only(self) -> bool:
        """Whether the rule reads request fields alone (so it can judge a request that does not
        validate yet: its finding is shown with the other problems, not after them)."""
        return set(self.when) <= FIELD_KEYS

    @cached_property
    def selectors(self) -> tuple[tuple[str, Any], ...]:
        """The conditions on the request as a whole (`when` less the per-field ones), in the
        data's order; kept, since every request checks every rule."""
        return tuple((key, wanted) for key, wanted in self.when.items() if key not in FIELD_KEYS)


@dataclass(frozen=True)
class TargetGroup:
    """A named set of targets: devices by name or by devices.toml family, and/or platforms."""

    name: str
    title: str
    devices: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    platforms: bool = False


@dataclass(frozen=True)
class VersionRow:
    """One row of the framework x target-family x version table."""

    id: str
    frameworks: tuple[str, ...]
    group: str
    versions: tuple[str, ...]
    kind: Kind
    source: Source
    section: str = ""
    earlier: bool = False
    """The page's "Model Version" column supports versions earlier than those listed: the
    warning for such a version says so (every version the row does not list warns)."""

    @property
    def rule_id(self) -> str:
        return f"framework-version/{self.id}"

    @property
    def citation(self) -> str:
        return _citation(self.rule_id, self.source, self.section)


@dataclass(frozen=True)
class ModelCheck:
    """A refusal the request models make themselves (a documented form, type or table, in
    core/spec), named and cited as a rule is; it matches a pydantic error by its type and, when
    paths are given, by its API path (shell-style patterns)."""

    id: str
    types: tuple[str, ...]
    paths: tuple[str, ...]
    source: Source
    section: str = ""

    @property
    def citation(self) -> str:
        return _citation(self.id, self.source, self.section)

    def matches(self, error_type: str, path: str) -> bool:
        return error_type in self.types and (
            not self.paths or any(fnmatchcase(path, pattern) for pattern in self.paths)
        )


def _citation(rule_id: str, source: Source, section: str) -> str:
    where = f"{source.title}, {section}" if section else source.title
    return f"rule {rule_id}, {where}"


@dataclass(frozen=True, eq=False)
class RuleBook:
    """Everything rules.toml holds. Equal only to itself: a check remembered under one book is
    not reused under another (a test's edited copy of the data)."""

    rules: tuple[Rule, ...]
    versions: tuple[VersionRow, ...]
    groups: Mapping[str, TargetGroup]
    sources: Mapping[str, Source]
    version_messages: Mapping[str, str]
    model_checks: tuple[ModelCheck, ...] = ()

    def rule(self, rule_id: str) -> Rule | VersionRow | ModelCheck:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        for row in self.versions:
            if row.rule_id == rule_id:
                return row
        for check in self.model_checks:
            if check.id == rule_id:
                return check
        raise NeoConfigError(f"No rule named '{rule_id}' in rules.toml.")

    def model_check(self, error_type: str, path: str) -> ModelCheck | None:
        """The [[model_check]] row citing a request model's error (the first that matches)."""
        return next((c for c in self.model_checks if c.matches(error_type, path)), None)


def _kind(entry: dict[str, Any], default: str | None = None) -> Kind:
    kind = entry.get("kind", default)
    if kind not in KINDS:
        raise NeoConfigError(
            f"rules.toml: '{entry.get('id')}' has kind {kind!r}; use refuse or warn."
        )
    return kind


def _source(entry: dict[str, Any], sources: Mapping[str, Source]) -> Source:
    source = sources.get(entry.get("source", ""))
    if source is None:
        raise NeoConfigError(
            f"rules.toml: '{entry.get('id')}' names source {entry.get('source')!r}, "
            "which [sources] does not hold."
        )
    return source


def _rule(entry: dict[str, Any], sources: Mapping[str, Source]) -> Rule:
    when = dict(entry.get("when", {}))
    unknown = sorted(set(when) - SELECTORS)
    if unknown or not when:
        raise NeoConfigError(
            f"rules.toml: rule '{entry.get('id')}' has "
            + (f"unknown selectors {', '.join(unknown)}." if unknown else "no condition.")
        )
    return Rule(
        id=entry["id"],
        kind=_kind(entry),
        path=entry["path"],
        when=MappingProxyType(when),
        message=entry["message"],
        source=_source(entry, sources),
        section=entry.get("section", ""),
    )


def _model_check(entry: dict[str, Any], sources: Mapping[str, Source]) -> ModelCheck:
    if not entry.get("types"):
        raise NeoConfigError(f"rules.toml: model_check '{entry.get('id')}' names no types.")
    return ModelCheck(
        id=entry["id"],
        types=tuple(entry["types"]),
        paths=tuple(entry.get("paths", ())),
        source=_source(entry, sources),
        section=entry.get("section", ""),
    )


def _group(name: str, entry: dict[str, Any]) -> TargetGroup:
    return TargetGroup(
        name=name,
        title=entry.get("title", name),
        devices=tuple(entry.get("devices", ())),
        families=tuple(entry.get("families", ())),
        platforms=bool(entry.get("platforms", False)),
    )


def _row(
    entry: dict[str, Any], sources: Mapping[str, Source], groups: Mapping[str, Any]
) -> VersionRow:
    if entry.get("group") not in groups:
        raise NeoConfigError(
            f"rules.toml: version row '{entry.get('id')}' names group {entry.get('group')!r}, "
            "which [groups] does not hold."
        )
    return VersionRow(
        id=entry["id"],
        frameworks=tuple(entry["frameworks"]),
        group=entry["group"],
        versions=tuple(entry.get("versions", ())),
        kind=_kind(entry, "warn"),
        source=_source(entry, sources),
        section=entry.get("section", ""),
        earlier=bool(entry.get("earlier", False)),
    )


def rule_book() -> RuleBook:
    """rules.toml as typed values, built once per parse of the file."""
    return derived(read_data("rules.toml"), _build_book)


def _build_book(data: dict[str, Any]) -> RuleBook:
    sources = {
        key: Source(key, entry["title"], entry["url"]) for key, entry in data["sources"].items()
    }
    groups = {name: _group(name, entry) for name, entry in data.get("groups", {}).items()}
    rules = tuple(_rule(entry, sources) for entry in data.get("rule", []))
    rows = tuple(_row(entry, sources, groups) for entry in data.get("framework_version", []))
    checks = tuple(_model_check(entry, sources) for entry in data.get("model_check", []))
    ids = [r.id for r in rules] + [r.rule_id for r in rows] + [c.id for c in checks]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise NeoConfigError(f"rules.toml: rule ids given twice: {', '.join(twice)}.")
    for rule in rules:
        group = rule.when.get("device_group")
        named = [group] if isinstance(group, str) else list(rule.when.get("device_group_not", []))
        for name in named:
            if name not in groups:
                raise NeoConfigError(f"rules.toml: rule '{rule.id}' names unknown group {name!r}.")
    return RuleBook(
        rules=rules,
        versions=rows,
        groups=MappingProxyType(groups),
        sources=MappingProxyType(sources),
        version_messages=MappingProxyType(dict(data["framework_version_messages"])),
        model_checks=checks,
    )
