"""Facts read from fields as written, so the rules speak while a request does not validate yet:
a TFLite model for ml_c5 is refused with its shapes still malformed, and a gpu-code unlike the
guide's is warned about while another option is wrong."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core.errors import Problem
from core.jsontext import loads_last
from core.knowledge.rules import OUTPUT_SELECTORS, rule_book
from core.spec import rules, service
from core.spec.options import options_model
from core.spec.shapes import parse_shapes
from core.spec.target import Target


def framework_as_written(facts: rules.Facts, inputs: dict[str, Any]) -> rules.Facts:
    """The facts with the framework and version of an InputConfig that does not validate, so
    the rules on framework and target speak; the shapes' forms stay unknown (no rule on them
    holds), shapes given count as given (a rule on missing shapes would say it twice), and a
    version past its own limits is left unread."""
    framework, version = inputs.get("Framework"), inputs.get("FrameworkVersion")
    if framework not in service.frameworks():
        return facts
    limit = service.limit("InputConfig.FrameworkVersion")  # one with its own error is not read
    readable = isinstance(version, str) and limit.check(version, "FrameworkVersion") is None
    return replace(
        facts,
        framework=framework,
        framework_version=version if readable else None,
        shapes_present=inputs.get("DataInputConfig") is not None,
    )


def options_as_written(facts: rules.Facts, target: Target, written: Any) -> rules.Facts | None:
    """The facts with CompilerOptions as written, when it is a JSON object (None otherwise), and
    the keys the target's options model offers for it."""
    try:
        options = loads_last(written)[0] if isinstance(written, str) else None
    except (ValueError, RecursionError):
        return None
    if not isinstance(options, dict):
        return None
    return replace(
        facts, options=options, offered_options=options_model(target, options).offered_keys()
    )


def input_facts(config: Any) -> dict[str, Any]:
    """What the rules read from an InputConfig that validates (None: nothing), as
    keyword arguments of rules.Facts."""
    shapes = None
    if config is not None and config.data_input_config is not None:
        shapes = parse_shapes(config.data_input_config, config.framework)
    return {
        "framework": config.framework if config else None,
        "framework_version": config.framework_version if config else None,
        "shapes_present": shapes is not None,
        "shape_features": shapes.features if shapes else frozenset(),
        "duplicate_shape_keys": shapes.duplicate_keys if shapes else (),
        "coreml_shape_faults": shapes.coreml_faults if shapes else (),
    }


def shape_warnings(config: Any) -> list[Problem]:
    """The warnings on an InputConfig's shapes that read no target, said while the target or
    its options fail (a decimal size went unsaid while an NVIDIA platform lacked trt-ver)."""
    if config is None or config.data_input_config is None:
        return []
    targetless = {rule.id for rule in rule_book().rules if not set(rule.when) & OUTPUT_SELECTORS}
    return [
        finding.problem()
        for finding in rules.evaluate(rules.Facts(**input_facts(config)), "facts")
        if finding.kind == "warn"
        and finding.path.startswith("InputConfig.DataInputConfig")
        and finding.rule in targetless
    ]
