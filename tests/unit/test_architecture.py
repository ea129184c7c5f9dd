"""The layout keeps its promises: imports run one way with no cycles, moto loads only with the
simulation, and no module grows past ~400 lines without saying why."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 400
REASON = "Over 400 lines because"


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tree)},
        check=False,
    )


@pytest.fixture(scope="module")
def copy_of_the_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("tree")
    for name in ("core", "ui"):
        shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_contracts_hold_on_the_tree_as_it_is(copy_of_the_tree: Path) -> None:
    """Every import-linter contract is kept by the code as committed."""
    result = lint_imports(copy_of_the_tree)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("core/spec/service.py", "import core.aws.client", "Layers"),
        ("core/errors.py", "import core.spec.request", "Layers"),
        ("core/spec/catalog.py", "import streamlit", "never imports Streamlit"),
        ("core/aws/client.py", "import moto", "Only the local endpoint imports moto"),
        ("core/draft/options_text.py", "import core.draft.model", "No import cycles"),
    ],
    ids=["upward", "errors-upward", "streamlit-in-core", "moto-outside-local", "cycle"],
)
def test_the_contracts_fail_when_a_wrong_import_is_added(
    copy_of_the_tree: Path, tmp_path: Path, module: str, line: str, contract: str
) -> None:
    """An upward import, Streamlit or moto in the wrong place, or a cycle breaks a contract."""
    tree = tmp_path / "tree"
    shutil.copytree(copy_of_the_tree, tree)
    target = tree / module
    target.write_text(target.read_text() + f"\n{line}  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert contract in result.stdout and "BROKEN" in result.stdout


def test_importing_the_aws_client_does_not_load_moto() -> None:
    """Talking to AWS costs no moto import: the simulation loads only when it is used."""
    code = "import sys, core.aws.client, core.jobs.submission; print('moto' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_no_module_is_long_without_a_reason() -> None:
    """A module past ~400 lines is usually two ideas; one that is not says so at its top."""
    long = []
    for path in sorted([*ROOT.glob("core/**/*.py"), *ROOT.glob("ui/**/*.py")]):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_LINES and REASON not in text[:2000]:
            long.append(f"{path.relative_to(ROOT)} ({text.count(chr(10))} lines)")
    assert long == []
