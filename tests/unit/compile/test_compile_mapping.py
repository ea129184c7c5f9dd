"""targets.toml and map_target: every Neo target has a row, rows agree with TVM, options apply."""

from __future__ import annotations

import itertools
import json
import os
import platform
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import botocore.session
import pytest

from core.compile.mapping import describe_target, find_linker, host_cpu_flags, map_target, table

SAGEMAKER = botocore.session.get_session().get_service_model("sagemaker")
DEVICES = SAGEMAKER.shape_for("TargetDevice").enum
OSES = SAGEMAKER.shape_for("TargetPlatformOs").enum
ARCHES = SAGEMAKER.shape_for("TargetPlatformArch").enum
ACCELERATORS = [None, *SAGEMAKER.shape_for("TargetPlatformAccelerator").enum]
X86_LINUX = sys.platform == "linux" and platform.machine() == "x86_64"


def _platform(os_: str, arch: str, acc: str | None = None, **options: Any) -> dict[str, Any]:
    target: dict[str, Any] = {"Os": os_, "Arch": arch}
    if acc:
        target["Accelerator"] = acc
    config: dict[str, Any] = {"TargetPlatform": target}
    if options:
        config["CompilerOptions"] = json.dumps(options)
    return config


def _all_plans() -> list[Any]:
    plans = [map_target({"TargetDevice": d}) for d in DEVICES]
    for os_, arch, acc in itertools.product(OSES, ARCHES, ACCELERATORS):
        options = {"gpu-code": "sm_72"} if acc == "NVIDIA" else {}
        plans.append(map_target(_platform(os_, arch, acc, **options)))
    return plans


def test_every_botocore_target_device_has_a_row() -> None:
    """A botocore upgrade that adds a TargetDevice fails here until targets.toml gets its row."""
    missing = sorted(set(DEVICES) - set(table()["devices"]))
    assert not missing, f"targets.toml has no row for {missing}"


@pytest.mark.parametrize("device", DEVICES)
def test_each_device_is_buildable_or_says_why_not(device: str) -> None:
    """A device plan either carries a target dict and a source, or a reason sentence."""
    plan = map_target({"TargetDevice": device})
    assert plan.source
    if plan.buildable:
        assert plan.target and plan.kind in ("llvm", "cuda", "opencl")
    else:
        assert plan.target is None and plan.reason.endswith(".") and len(plan.reason) > 40


def test_accelerators_tvm_cannot_build_are_refused() -> None:
    """Inferentia, Trainium, Elastic Inference, Core ML and vendor NPUs are not buildable."""
    for device in ("ml_inf1", "ml_inf2", "ml_trn1", "ml_eia2", "coreml", "amba_cv22", "imx8mplus"):
        assert not map_target({"TargetDevice": device}).buildable, device


def test_every_platform_combination_maps_to_a_plan_or_a_reason() -> None:
    """All Os x Arch x Accelerator combinations: listed ones build (NNA aside), others refuse."""
    for os_, arch, acc in itertools.product(OSES, ARCHES, ACCELERATORS):
        options = {"gpu-code": "sm_72"} if acc == "NVIDIA" else {}
        plan = map_target(_platform(os_, arch, acc, **options))
        listed = "/".join(p for p in (os_, arch, acc) if p) in table()["platforms"]
        assert plan.buildable == listed, (os_, arch, acc, plan.reason)
        assert plan.buildable or plan.reason


def test_every_buildable_row_is_a_target_tvm_accepts() -> None:
    """tvm.target.Target takes each buildable plan's dicts (a cheap check, no build)."""
    tvm = pytest.importorskip("tvm")
    plans = [p for p in _all_plans() if p.buildable]
    bad = []
    for plan in plans:
        try:
            tvm.target.Target(plan.target, host=plan.host)
        except Exception as exc:  # TVM raises its own error types
            bad.append((plan.name, str(exc)[:200]))
    assert bad == [] and len(plans) > 40


def test_rows_restate_their_tvm_tag_faithfully() -> None:
    """Where a row names a TVM tag, its kind, mtriple, mcpu, mattr and arch agree with the tag."""
    tvm = pytest.importorskip("tvm")
    tags = tvm.target.tag.list_tags()
    rows = [*table()["devices"].values(), *table()["platforms"].values()]
    checked = 0
    for row in rows:
        for spec_name in ("target", "host"):
            spec = row.get(spec_name) or {}
            tag = row.get("tag") if spec_name == "target" else spec.get("tag")
            if not tag:
                continue
            assert tag in tags, tag
            config = tvm.target.Target(tag).export()
            for key in ("kind", "mtriple", "mcpu", "mattr", "arch"):
                if key in spec and key in config:
                    have = list(config[key]) if key == "mattr" else config[key]
                    assert spec[key] == have, (tag, key)
                    checked += 1
    assert checked >= 20


def test_tagged_plan_keeps_the_tag_without_a_kind() -> None:
    """TVM drops a tag when the dict also names a kind, so tagged plans carry no kind."""
    plan = map_target({"TargetDevice": "rasp3b"})
    assert plan.tag == "arm/rasp3b" and plan.target is not None
    assert plan.target["tag"] == "arm/rasp3b" and "kind" not in plan.target
    assert plan.target["mfloat-abi"] == "hard"
    assert plan.linker == "arm-linux-gnueabihf-gcc"


def test_nvidia_jetson_gets_a_host_and_gpu_code_overrides_arch() -> None:
    """jetson_tx2: cuda sm_62 with an aarch64 host; gpu-code (either spelling) sets the arch."""
    plan = map_target({"TargetDevice": "jetson_tx2"})
    assert plan.kind == "cuda" and plan.target and plan.target["arch"] == "sm_62"
    assert plan.host and plan.host["mtriple"] == "aarch64-linux-gnu" and not plan.runs_here
    for key in ("gpu-code", "gpu_code"):
        config = {"TargetDevice": "jetson_tx2", "CompilerOptions": f'{{"{key}": "sm_53"}}'}
        assert (map_target(config).target or {})["arch"] == "sm_53"


def test_nvidia_platform_needs_gpu_code() -> None:
    """LINUX/ARM64/NVIDIA without gpu-code is refused with the option to add."""
    plan = map_target(_platform("LINUX", "ARM64", "NVIDIA"))
    assert not plan.buildable and "gpu-code" in plan.reason
    assert map_target(_platform("LINUX", "ARM64", "NVIDIA", **{"gpu-code": "sm_72"})).buildable
    bad = map_target(_platform("LINUX", "ARM64", "NVIDIA", **{"gpu-code": "72"}))
    assert not bad.buildable and "sm_72" in bad.reason


def test_mcpu_and_mattr_apply_to_the_cpu_target() -> None:
    """mcpu/mattr land on the target (CPU) or on the host (GPU); a bare mattr string is a list."""
    plan = map_target(_platform("LINUX", "ARM64", mcpu="cortex-a72", mattr="+neon, +crc"))
    assert plan.target and plan.target["mcpu"] == "cortex-a72"
    assert plan.target["mattr"] == ["+neon", "+crc"]
    assert describe_target(plan) == "llvm (aarch64-linux-gnu, mcpu cortex-a72, mattr +neon,+crc)"
    gpu = map_target(_platform("LINUX", "ARM64", "MALI", mcpu="cortex-a53"))
    assert gpu.host and gpu.host["mcpu"] == "cortex-a53" and "mcpu" not in (gpu.target or {})


def test_an_unsigned_mattr_flag_is_passed_as_written_with_a_note() -> None:
    """'neon' (sent with a warning since the reference does not require a sign) reaches TVM as
    written, and the plan says LLVM reads it as off; signed flags get no note."""
    plan = map_target(_platform("LINUX", "ARM64", mattr=["neon", "+crc"]))
    assert plan.target and plan.target["mattr"] == ["neon", "+crc"]
    assert [n for n in plan.notes if "mattr" in n] == [
        "CompilerOptions mattr 'neon' has no + or -; LLVM reads it as turned off."
    ]
    signed = map_target(_platform("LINUX", "ARM64", mattr=["+neon"]))
    assert not [n for n in signed.notes if "mattr" in n]


def test_android_platform_sets_the_triple_and_the_ndk_linker() -> None:
    """ANDROID_PLATFORM 29 gives aarch64-linux-android29 and the NDK clang of that name."""
    plan = map_target(_platform("ANDROID", "ARM64", ANDROID_PLATFORM=29))
    assert plan.triple == "aarch64-linux-android29"
    assert plan.linker == "aarch64-linux-android29-clang"
    default = map_target(_platform("ANDROID", "ARM_EABI"))
    assert default.triple == "armv7a-linux-androideabi21"
    assert map_target({"TargetDevice": "qcs605"}).triple == "aarch64-linux-android27"


def test_find_linker_looks_in_the_android_ndk(tmp_path: Path, monkeypatch: Any) -> None:
    """An NDK under ANDROID_NDK_HOME provides the triple-named clang wrapper."""
    plan = map_target(_platform("ANDROID", "ARM64", ANDROID_PLATFORM=29))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("ANDROID_NDK_ROOT", raising=False)
    monkeypatch.setenv("ANDROID_NDK_HOME", str(tmp_path / "ndk"))
    assert find_linker(plan) is None
    clang = tmp_path / "ndk/toolchains/llvm/prebuilt/linux-x86_64/bin/aarch64-linux-android29-clang"
    clang.parent.mkdir(parents=True)
    clang.write_text("#!/bin/sh\n")
    clang.chmod(clang.stat().st_mode | stat.S_IEXEC)
    assert find_linker(plan) == str(clang)


def test_options_that_do_nothing_become_notes_and_bad_json_a_reason() -> None:
    """trt-ver is noted as ignored; unreadable CompilerOptions refuse the plan with a sentence."""
    noted = map_target({"TargetDevice": "jetson_nano", "CompilerOptions": '{"trt-ver": "5.0.6"}'})
    assert noted.buildable and any("trt-ver" in n for n in noted.notes)
    broken = map_target({"TargetDevice": "ml_c5", "CompilerOptions": "{mcpu: x"})
    assert not broken.buildable and "CompilerOptions" in broken.reason
    dtype = map_target({"TargetDevice": "ml_c5", "CompilerOptions": '{"dtype": "long"}'})
    assert dtype.dtype == "int64"


@pytest.mark.parametrize(
    ("config", "said"),
    [
        ({"TargetDevice": "jetson_nano", "CompilerOptions": '{"mattr": 5}'}, "mattr 5"),
        (_platform("LINUX", "X86_64", "NVIDIA", mattr=5), "mattr 5"),
        (_platform("LINUX", "X86_64", ANDROID_PLATFORM="\u00b2"), "ANDROID_PLATFORM"),
    ],
)
def test_option_values_a_target_does_not_document_refuse_the_plan_in_a_sentence(
    config: dict[str, Any], said: str
) -> None:
    """Keys a target does not document reach the mapping with any value (the request only
    warns about them): a value it cannot use refuses the plan, never raises."""
    plan = map_target(config)
    assert not plan.buildable and said in plan.reason


def test_refusals_for_unknown_and_conflicting_targets() -> None:
    """Both targets, neither, an unlisted platform and NNA each get their own sentence."""
    both = map_target({"TargetDevice": "ml_c5", "TargetPlatform": {"Os": "LINUX", "Arch": "ARM64"}})
    assert "both" in both.reason
    assert "TargetDevice or TargetPlatform" in map_target({}).reason
    assert "not among the platforms" in map_target(_platform("LINUX", "X86")).reason
    assert "NNA" in map_target(_platform("ANDROID", "ARM64", "NNA")).reason


def test_runs_here_only_for_x86_linux_cpu_code_this_cpu_can_execute() -> None:
    """Generic x86-64 runs here; ARM, GPU and Windows never; ml_c5 only with AVX-512."""
    assert map_target(_platform("LINUX", "X86_64")).runs_here is X86_LINUX
    for device in ("rasp3b", "ml_c6g", "ml_g4dn", "deeplens", "x86_win64"):
        assert not map_target({"TargetDevice": device}).runs_here, device
    avx512 = {"avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"} <= host_cpu_flags()
    assert map_target({"TargetDevice": "ml_c5"}).runs_here is (X86_LINUX and avx512)
    assert not map_target(_platform("LINUX", "X86_64", mattr=["+not-a-cpu-flag"])).runs_here
    assert not map_target(_platform("LINUX", "X86_64", mcpu="znver9")).runs_here


def test_mapping_needs_no_tvm() -> None:
    """Importing the package and mapping a target leaves TVM unloaded (the UI stays light)."""
    code = (
        "import sys, core.compile, core.compile.runner, core.compile.cli\n"
        "core.compile.map_target({'TargetDevice': 'jetson_tx2'})\n"
        "print('tvm' in sys.modules, 'numpy' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.stdout.split() == ["False", "False"], done.stderr


def test_a_gpu_target_without_an_arch_reads_without_a_stray_space() -> None:
    """qcs605 read "(opencl ) on aarch64-linux-android27"."""
    plan = map_target({"S3OutputLocation": "s3://b/o/", "TargetDevice": "qcs605"})
    assert describe_target(plan) == "qcom/adreno-opencl (opencl) on aarch64-linux-android27"
