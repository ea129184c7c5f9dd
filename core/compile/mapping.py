"""A Neo OutputConfig to an Apache TVM target, from the rows in targets.toml.

Pure data and stdlib: the app's UI process calls this to say what a local compile would do, without
paying for importing TVM.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import sys
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("targets.toml")
NDK_BIN = Path("toolchains/llvm/prebuilt/linux-x86_64/bin")
_GPU_CODE = re.compile(r"sm_\d{2,3}[a-z]?")
_DTYPES = {"float32": "float32", "float": "float32", "int64": "int64", "long": "int64"}
GPU_KINDS = ("cuda", "opencl")
_USED_OPTIONS = {"mcpu", "mattr", "gpu-code", "gpu_code", "ANDROID_PLATFORM", "dtype"}


@dataclass(frozen=True)
class TargetPlan:
    """What TVM is asked to build for one Neo target, and what this machine can do with it."""

    target: dict[str, Any] | None
    """The dict given to tvm.target.Target (with "tag" when it starts from TVM's tag)."""
    host: dict[str, Any] | None
    tag: str | None
    buildable: bool
    reason: str
    """Why it cannot be built; for a buildable plan, "" or what differs from Neo's build."""
    source: str
    runs_here: bool
    """The code is x86_64 Linux CPU code this machine's CPU can execute."""
    linker: str | None
    """The cross compiler driver to look for on PATH (or in the Android NDK)."""
    name: str = ""
    """The device name or Os/Arch[/Accelerator], for messages."""
    kind: str = ""
    """TVM target kind: llvm, cuda or opencl."""
    dtype: str | None = None
    notes: tuple[str, ...] = field(default=())
    """CompilerOptions that were ignored, and why."""

    @property
    def cpu(self) -> dict[str, Any]:
        """The CPU part of the target: the target itself, or the host of a GPU target."""
        return (self.host if self.kind != "llvm" else self.target) or {}

    @property
    def triple(self) -> str:
        return str(self.cpu.get("mtriple", ""))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "target": self.target,
            "host": self.host,
            "tag": self.tag,
            "kind": self.kind,
            "buildable": self.buildable,
            "reason": self.reason,
            "source": self.source,
            "runs_here": self.runs_here,
            "linker": self.linker,
            "dtype": self.dtype,
            "notes": list(self.notes),
        }


@cache
def table() -> dict[str, Any]:
    """The parsed targets.toml."""
    with DATA.open("rb") as handle:
        return tomllib.load(handle)


@cache
def host_cpu_flags() -> frozenset[str]:
    """This machine's CPU feature flags, empty where /proc/cpuinfo is not readable."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        if line.startswith("flags"):
            return frozenset(line.split(":", 1)[1].split())
    return frozenset()


def _refuse(name: str, reason: str, source: str = "") -> TargetPlan:
    return TargetPlan(None, None, None, False, reason, source, False, None, name=name)


def _row(output_config: dict[str, Any]) -> tuple[str, dict[str, Any] | None, str]:
    """The target's name, its row (None when missing) and a refusal reason."""
    device = output_config.get("TargetDevice")
    platform_ = output_config.get("TargetPlatform")
    if device and platform_:
        return "", None, "OutputConfig names both TargetDevice and TargetPlatform; keep one."
    if device:
        row = table()["devices"].get(device)
        return device, row, "" if row else f"No local build is known for TargetDevice {device}."
    if isinstance(platform_, dict) and platform_.get("Os") and platform_.get("Arch"):
        parts = [platform_["Os"], platform_["Arch"]]
        if platform_.get("Accelerator"):
            parts.append(platform_["Accelerator"])
        name = "/".join(parts)
        rows = table()["platforms"]
        row = rows.get(name) or (rows.get(f"*/*/{parts[2]}") if len(parts) == 3 else None)
        why = "" if row else f"{name} is not among the platforms the Neo guide lists."
        return name, row, why
    return "", None, "OutputConfig needs TargetDevice or TargetPlatform (with Os and Arch)."


def _options(output_config: dict[str, Any]) -> dict[str, Any]:
    raw = output_config.get("CompilerOptions")
    if raw in (None, ""):
        return {}
    value = json.loads(raw) if isinstance(raw, str) else raw
    if not isinstance(value, dict):
        raise ValueError("CompilerOptions must be a JSON object for this target.")
    return value


def _fill(spec: dict[str, Any] | None, api: int) -> dict[str, Any] | None:
    """A copy of a target dict with the Android API level filled into its triple."""
    if spec is None:
        return None
    out = dict(spec)
    if "mtriple" in out:
        out["mtriple"] = str(out["mtriple"]).replace("{api}", str(api))
    return out


def _apply_options(
    kind: str, target: dict[str, Any], host: dict[str, Any] | None, opts: dict[str, Any]
) -> list[str]:
    """Sets mcpu, mattr and gpu-code on the target; returns notes on options that do nothing."""
    notes: list[str] = []
    cpu = host if kind != "llvm" and host is not None else target
    if "mcpu" in opts:
        cpu["mcpu"] = str(opts["mcpu"])
    if "mattr" in opts:
        mattr = opts["mattr"]
        if not isinstance(mattr, str | list):  # a target that does not document mattr lets
            # any value through with a warning (rules.toml options/undocumented-key)
            raise ValueError(f"mattr {mattr!r} is not a list of flags such as ['+neon'].")
        items = mattr.split(",") if isinstance(mattr, str) else [str(m) for m in mattr]
        cpu["mattr"] = [m.strip() for m in items if m.strip()]
        notes += [  # LLVM's rule, which TVM follows: a feature is on only when it starts with +
            f"CompilerOptions mattr {flag!r} has no + or -; LLVM reads it as turned off."
            for flag in cpu["mattr"]
            if flag[0] not in "+-"
        ]
    code = opts.get("gpu-code", opts.get("gpu_code"))
    if code is not None:
        if kind != "cuda":
            notes.append("CompilerOptions gpu-code applies to NVIDIA targets only; ignored.")
        elif not _GPU_CODE.fullmatch(str(code)):
            raise ValueError(f"gpu-code {code!r} is not a CUDA architecture such as sm_72.")
        else:
            target["arch"] = str(code)
    for key in sorted(set(opts) - _USED_OPTIONS):
        notes.append(f"CompilerOptions {key} has no effect on a TVM build; ignored.")
    return notes


def _runs_here(kind: str, target: dict[str, Any]) -> bool:
    """x86_64 Linux CPU code whose mcpu this machine's CPU has the features for."""
    if kind != "llvm" or sys.platform != "linux" or platform.machine() != "x86_64":
        return False
    if not str(target.get("mtriple", "")).startswith("x86_64-linux-gnu"):
        return False
    needs = table()["cpu_flags"].get(str(target.get("mcpu", "x86-64")))
    if needs is None:
        return False
    added = [m[1:].replace(".", "_") for m in target.get("mattr", []) if m.startswith("+")]
    return set(needs) | set(added) <= host_cpu_flags()


def _tvm_dict(spec: dict[str, Any] | None, tag: str | None) -> dict[str, Any] | None:
    """What tvm.target.Target takes: a tagged dict must not carry kind (TVM then drops the tag)."""
    if spec is None:
        return None
    if tag or spec.get("tag"):
        out = {k: v for k, v in spec.items() if k != "kind"}
        if tag:
            out["tag"] = tag
        return out
    return dict(spec)


def map_target(output_config: dict[str, Any]) -> TargetPlan:
    """The TVM plan for an API OutputConfig; never raises, a refusal carries its reason."""
    name, row, why = _row(output_config)
    if row is None:
        return _refuse(name, why)
    source = str(row.get("source", ""))
    if not row.get("buildable", True):
        return _refuse(name, str(row["reason"]), source)
    try:
        opts = _options(output_config)
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        return _refuse(name, f"CompilerOptions cannot be read: {exc}", source)
    api = opts.get("ANDROID_PLATFORM", row.get("android_api", table()["default_android_api"]))
    if not (str(api).isascii() and str(api).isdigit()):  # "²" is a digit int() refuses
        return _refuse(name, f"ANDROID_PLATFORM {api!r} is not an API level such as 27.", source)
    target, host = _fill(row["target"], int(api)), _fill(row.get("host"), int(api))
    assert target is not None  # every buildable row has a target (checked by the tests)
    kind = str(target["kind"])
    try:
        notes = _apply_options(kind, target, host, opts)
    except ValueError as exc:
        return _refuse(name, str(exc), source)
    if kind == "cuda" and "arch" not in target:
        return _refuse(
            name,
            'NVIDIA targets need CompilerOptions gpu-code, e.g. {"gpu-code": "sm_72"}.',
            source,
        )
    cpu = target if kind == "llvm" else (host or {})
    android = "android" in str(cpu.get("mtriple", ""))
    if "ANDROID_PLATFORM" in opts and not android:
        notes.append("CompilerOptions ANDROID_PLATFORM applies to Android targets only; ignored.")
    dtype = opts.get("dtype")
    if dtype is not None and str(dtype) not in _DTYPES:
        return _refuse(name, f"dtype {dtype!r} is not one of float32, float, int64, long.", source)
    linker = row.get("linker")
    if linker == "ndk":
        linker = f"{cpu.get('mtriple')}-clang"
    return TargetPlan(
        target=_tvm_dict(target, row.get("tag")),
        host=_tvm_dict(host, None),
        tag=row.get("tag"),
        buildable=True,
        reason="",
        source=source,
        runs_here=_runs_here(kind, cpu),
        linker=linker,
        name=name,
        kind=kind,
        dtype=_DTYPES[str(dtype)] if dtype is not None else None,
        notes=tuple(notes),
    )


def describe_target(plan: TargetPlan) -> str:
    """e.g. "nvidia/jetson-tx2 (cuda sm_62) on aarch64-linux-gnu" or "llvm aarch64-linux-gnu"."""
    target = plan.target or {}
    if plan.kind in GPU_KINDS:
        kind = f"{plan.kind} {target.get('arch') or target.get('device') or ''}".strip()
        what = f"{plan.tag} ({kind})" if plan.tag else kind  # not "(opencl )" with no detail
        return f"{what} on {plan.triple or 'the host CPU'}"
    cpu = f", mcpu {target['mcpu']}" if target.get("mcpu") else ""
    features = f", mattr {','.join(target['mattr'])}" if target.get("mattr") else ""
    return f"{plan.tag or 'llvm'} ({plan.triple}{cpu}{features})"


def find_linker(plan: TargetPlan) -> str | None:
    """Full path of the plan's linker: on PATH, or for Android in the NDK that
    ANDROID_NDK_HOME (or ANDROID_NDK_ROOT) points at."""
    if not plan.linker:
        return None
    found = shutil.which(plan.linker)
    native = plan.triple.startswith("x86_64-linux-gnu") and platform.machine() == "x86_64"
    if not found and native:  # a distribution without the triple-named driver
        found = shutil.which("gcc") or shutil.which("cc")
    if found or "android" not in plan.linker:
        return found
    for var in ("ANDROID_NDK_HOME", "ANDROID_NDK_ROOT"):
        root = os.environ.get(var)
        if root:
            candidate = Path(root) / NDK_BIN / plan.linker
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    return None


def linker_hint(plan: TargetPlan) -> str:
    """Where the missing linker comes from, as the end of a sentence."""
    if not plan.linker:
        if "windows" in plan.triple:
            return "code for Windows is linked on Windows, with MSVC's link.exe"
        return "no linker for this target is known"
    if "android" in plan.linker:
        return f"no Android NDK clang ({plan.linker}) is on PATH or under ANDROID_NDK_HOME"
    package = {
        "aarch64-linux-gnu-gcc": "gcc-aarch64-linux-gnu",
        "arm-linux-gnueabihf-gcc": "gcc-arm-linux-gnueabihf",
        "arm-linux-gnueabi-gcc": "gcc-arm-linux-gnueabi",
        "x86_64-linux-gnu-gcc": "gcc",
    }.get(plan.linker, "")
    where = f" (Debian package {package})" if package else ""
    return f"{plan.linker} is not on PATH{where}"
