"""PyTorch TorchScript: the `forward` arguments, from the Python source under `code/`.

A TorchScript file is a zip (`<name>/data.pkl`, `<name>/code/__torch__/....py`, `<name>/data/0`
...; torch/csrc/jit/docs/serialization.md). The first class global in data.pkl is the top module;
its `forward` signature in the code gives the inputs' number and names. Shapes are not stored.
Only the small members are read, after checking the sizes and ratios the zip declares.
"""

from __future__ import annotations

import ast
import io
import pickletools
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from core.errors import NeoConfigError
from core.model.common import DEFAULT_LIMITS, Limits
from core.model.types import ModelInfo, ModelInput

ZIP_MAGIC = b"PK\x03\x04"
MAX_RATIO = 100


class NotTorchScript(NeoConfigError):
    """A zip archive without TorchScript's code/: its members, so a caller can say what it holds
    (a .zip of an ONNX file was told to save it with torch.jit.trace)."""

    def __init__(self, message: str, members: tuple[str, ...]) -> None:
        super().__init__(message)
        self.members = members


def read_torchscript(path: Path, file: str = "", limits: Limits = DEFAULT_LIMITS) -> ModelInfo:
    """The forward arguments of a TorchScript archive (.pt / .pth)."""
    file = file or path.name
    try:
        with zipfile.ZipFile(path) as archive:
            return _read(archive, file, limits)
    except zipfile.BadZipFile:
        raise NeoConfigError(f"{file} is not a zip archive; a TorchScript file is one.") from None
    except (NotImplementedError, EOFError, OSError, UnicodeDecodeError, zlib.error) as exc:
        raise NeoConfigError(
            f"{file} is a damaged zip archive ({type(exc).__name__}); save the model again."
        ) from None


def _read(archive: zipfile.ZipFile, file: str, limits: Limits) -> ModelInfo:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise NeoConfigError(f"{file} holds over {limits.max_members} entries; refusing it.")
    code = {}
    data_pkl = None
    for info in infos:
        parts = PurePosixPath(info.filename).parts
        if len(parts) >= 3 and parts[1] == "code" and info.filename.endswith(".py"):
            code[PurePosixPath(*parts[2:]).with_suffix("").as_posix().replace("/", ".")] = info
        elif len(parts) == 2 and parts[1] == "data.pkl":
            data_pkl = info
    if not code:
        raise NotTorchScript(
            f"{file} has no code/ folder: it is not TorchScript (a torch.save state_dict or "
            "pickled module holds no graph); save it with torch.jit.trace(model, x).save(...).",
            tuple(info.filename for info in infos[:200]),
        )
    root = _root_class(_member(archive, data_pkl, limits, file)) if data_pkl else None
    sources = {
        "inputs": f"{file}: forward() of the top module, in code/",
        "shapes": "not stored in TorchScript",
    }
    found = _find_forward(archive, code, root, limits, file)
    if found is None:
        raise NeoConfigError(f"{file}: no forward() method was found in its code/ sources.")
    qualname, args = found
    sources["module"] = qualname
    inputs = tuple(ModelInput(name, None) for name, _ in args)
    notes = ["TorchScript stores no input shapes: the shapes cannot be read, give them."]
    if root is None or root.rpartition(".")[2] != qualname.rpartition(".")[2]:
        notes.append("data.pkl did not lead to the top module; its forward() was guessed.")
    others = [f"{n} ({k})" for n, k in args if k != "Tensor"]
    if others:
        notes.append("Arguments that are not tensors: " + ", ".join(others) + ".")
    return ModelInfo("PYTORCH", inputs, file=file, sources=sources, notes=tuple(notes))


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, file: str) -> bytes:
    """A small member's bytes, after its declared size and ratio pass; the read is capped too."""
    cap = limits.max_text_bytes
    if info.file_size > cap or info.file_size > MAX_RATIO * max(info.compress_size, 1) + (1 << 20):
        raise NeoConfigError(
            f"{file}: {info.filename} declares {info.file_size} bytes from "
            f"{info.compress_size}; refusing it as a likely zip bomb."
        )
    with archive.open(info) as handle:
        data = handle.read(cap + 1)
    if len(data) > cap:
        raise NeoConfigError(f"{file}: {info.filename} is larger than it declares; refusing it.")
    return data


def _root_class(data: bytes) -> str | None:
    """The first class data.pkl names (GLOBAL 'module name'), read without unpickling."""
    strings: list[str] = []
    try:
        for opcode, arg, _ in pickletools.genops(io.BytesIO(data)):
            if opcode.name == "GLOBAL" and isinstance(arg, str):
                module, _, name = arg.partition(" ")
                if module.startswith("__torch__"):
                    return f"{module}.{name}"
            elif opcode.name == "STACK_GLOBAL" and len(strings) >= 2:
                if strings[-2].startswith("__torch__"):
                    return f"{strings[-2]}.{strings[-1]}"
            elif isinstance(arg, str):
                strings.append(arg)
    except Exception:  # a damaged pickle: the top module is then looked for in code/
        return None
    return None


def _find_forward(
    archive: zipfile.ZipFile,
    code: dict[str, zipfile.ZipInfo],
    root: str | None,
    limits: Limits,
    file: str,
) -> tuple[str, list[tuple[str, str]]] | None:
    """(qualified class name, [(argument, annotation)]) of the top module's forward."""
    modules = sorted(code, key=lambda m: (m.count("."), m))
    candidates: list[tuple[str, str]] = []  # (module path, class name; "" for any class)
    if root:
        module, _, name = root.rpartition(".")
        candidates += [(module, name)] + [(m, name) for m in modules if m != module]
    candidates += [(m, "") for m in modules]
    for module, class_name in candidates:
        info = code.get(module)
        if info is None:
            continue
        try:
            tree = ast.parse(_member(archive, info, limits, file).decode("utf-8"))
        except (SyntaxError, ValueError, RecursionError, UnicodeDecodeError):
            continue
        for node in tree.body:
            if not isinstance(node, ast.ClassDef) or (class_name and node.name != class_name):
                continue
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "forward":
                    return f"{module}.{node.name}", _arguments(item)
    return None


def _arguments(function: ast.FunctionDef) -> list[tuple[str, str]]:
    args = function.args.posonlyargs + function.args.args + function.args.kwonlyargs
    return [
        (a.arg, ast.unparse(a.annotation) if a.annotation is not None else "")
        for a in args
        if a.arg != "self"
    ]
