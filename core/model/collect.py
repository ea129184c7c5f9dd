"""Which file of an artifact is the model, the way Neo finds it, and what each file says.

Files are classified by name (`*.onnx`, `*-symbol.json`, `saved_model.pb`...) or, for a lone
file with an uninformative name, by magic number. The Collector reads each model file once as
it goes by (from a tar stream or a folder), copying to a temporary file only the formats that
need random access (.tflite, .h5, TorchScript), one at a time, and skipping weights unread.
Its result is the one model of the artifact, or a sentence saying why there is none.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from core.errors import NeoConfigError, quote
from core.model import (
    darknet_reader,
    keras_reader,
    mxnet_reader,
    onnx_reader,
    savedmodel_reader,
    tflite_reader,
    torchscript_reader,
)
from core.model.common import Limits, Readable, read_capped, spool
from core.model.types import ModelInfo
from core.model.xgboost_reader import xgboost_info

FRAMEWORK_OF = {
    "onnx": "ONNX",
    "tflite": "TFLITE",
    "keras": "KERAS",
    "mxnet_symbol": "MXNET",
    "darknet_cfg": "DARKNET",
    "torchscript": "PYTORCH",
    "savedmodel": "TENSORFLOW",
    "frozen_pb": "TENSORFLOW",
    "pbtxt": "TENSORFLOW",
    "xgboost": "XGBOOST",
}
LOOKED_FOR = (
    "*.onnx, *.tflite, *.h5, *-symbol.json + *.params, *.cfg, *.pt/*.pth, saved_model.pb or a "
    "frozen *.pb, or an XGBoost model"
)
_SUFFIXES = {
    ".onnx": "onnx",
    ".tflite": "tflite",
    ".h5": "keras",
    ".hdf5": "keras",
    ".params": "mxnet_params",
    ".cfg": "darknet_cfg",
    ".weights": "darknet_weights",
    ".pt": "torchscript",
    ".pth": "torchscript",
    ".torchscript": "torchscript",
    ".pb": "frozen_pb",
    ".pbtxt": "pbtxt",
    ".model": "xgboost",
    ".bst": "xgboost",
    ".ubj": "xgboost",
    ".xgb": "xgboost",
}


KERAS_METADATA = "keras_metadata.pb"
"""What Keras writes beside a SavedModel's saved_model.pb: a second .pb, which Neo refuses."""


def classify(name: str) -> str | None:
    """The kind of a file from its name; None for files no reader wants (weights, assets)."""
    base = PurePosixPath(name).name.lower()
    if base.startswith("._") or "variables/" in name.lower():
        return None  # macOS AppleDouble copies; a SavedModel's weights
    if base.endswith("-symbol.json"):
        return "mxnet_symbol"
    if base == "saved_model.pb":
        return "savedmodel"
    if base == "xgboost-model":
        return "xgboost"
    return _SUFFIXES.get(PurePosixPath(base).suffix)


def _torchscript(path: Path, name: str, limits: Limits) -> ModelInfo:
    """A TorchScript zip; a zip of another model's files says what it holds and how Neo wants
    it packed."""
    try:
        return torchscript_reader.read_torchscript(path, name, limits)
    except torchscript_reader.NotTorchScript as exc:
        if {"config.json", "model.weights.h5"} <= set(exc.members):  # Keras 3's own format
            raise NeoConfigError(
                f"{name} is a Keras 3 model (.keras: config.json and model.weights.h5 in a zip); "
                'Neo takes a Keras model as one .h5 file (the guide: "Keras models require one '
                "model definition file (.h5)\"): save it with model.save('model.h5') and pack "
                "that as .tar.gz."
            ) from None
        held = [member for member in exc.members if classify(member) not in (None, "torchscript")]
        if not held:
            raise
        raise NeoConfigError(
            f"{name} is a zip archive holding {', '.join(held[:3])}, not a TorchScript model "
            "(the one model a .zip can be). Neo reads a model packed as .tar.gz: pack it so, "
            f"or choose {PurePosixPath(held[0]).name} itself."
        ) from None


def classify_head(head: bytes) -> str | None:
    """The kind of a file from its first bytes, for a single file whose name says nothing."""
    if keras_reader.is_hdf5(head):
        return "keras"
    if tflite_reader.is_tflite(head):
        return "tflite"
    if head.startswith(torchscript_reader.ZIP_MAGIC):
        return "torchscript"
    if darknet_reader.looks_like_cfg(head):
        return "darknet_cfg"
    if head.lstrip().startswith(b"{") and b'"nodes"' in head:
        return "mxnet_symbol"
    return None


class Collector:
    """What one pass over an artifact found: a ModelInfo (or the error) per model file."""

    def __init__(self, tmp: Path, limits: Limits, origin: str) -> None:
        self.tmp, self.limits, self.origin = tmp, limits, origin
        self.found: list[tuple[str, str, ModelInfo | NeoConfigError]] = []
        self.symbols: list[tuple[str, bytes]] = []
        self.params: dict[str, list[str] | NeoConfigError] = {}
        self.skipped: list[str] = []
        self.spooled = 0

    def add(
        self, name: str, size: int, stream: Readable, path: Path | None = None, head: bytes = b""
    ) -> None:
        """Reads one file as it goes by; `path` when it is on disk (seekable, no copy needed)."""
        kind = classify(name) or (classify_head(head) if head else None)
        if kind in (None, "darknet_weights"):
            self.skipped.append(name)
            return
        try:
            self._read(kind or "", name, size, stream, path)
        except NeoConfigError as exc:
            if kind == "mxnet_params":
                self.params[name] = exc
            else:
                self.found.append((FRAMEWORK_OF.get(kind or "", ""), name, exc))

    def _read(self, kind: str, name: str, size: int, stream: Readable, path: Path | None) -> None:
        limits, cap = self.limits, self.limits.max_text_bytes
        info: ModelInfo | None = None
        if kind == "onnx":
            info = onnx_reader.read_onnx_stream(stream, name, size, limits)
        elif kind == "savedmodel":
            info = savedmodel_reader.read_saved_model_stream(stream, name, size, limits)
        elif kind == "frozen_pb":
            info = savedmodel_reader.read_frozen_graph_stream(stream, name, size, limits)
        elif kind in ("tflite", "keras", "torchscript"):
            self.spooled += 1
            copy = self.tmp / f"member-{self.spooled}{PurePosixPath(name).suffix[:12]}"
            try:
                local = path or spool(stream, copy, limits.max_member_bytes, name)
                if kind == "tflite":
                    info = tflite_reader.read_tflite(local, name)
                elif kind == "keras":
                    info = keras_reader.read_keras(local, name)
                else:
                    info = _torchscript(local, name, limits)
            finally:
                copy.unlink(missing_ok=True)  # one member's copy on disk at a time
        elif kind == "mxnet_symbol":
            self.symbols.append((name, read_capped(stream, cap, name)))
        elif kind == "mxnet_params":
            self.params[name] = mxnet_reader.params_names(stream, size if path else -1)
        elif kind == "darknet_cfg":
            info = darknet_reader.read_cfg(read_capped(stream, cap, name), name)
        elif kind == "xgboost":
            info = xgboost_info(name)
        elif kind == "pbtxt":
            raise NeoConfigError(
                f"{name} is a text-format TensorFlow graph, which is not inspected; "
                "inspect the binary saved_model.pb."
            )
        if info is not None:
            self.found.append((info.framework, name, info))

    def result(self, framework: str | None = None) -> ModelInfo:
        """The one model of the artifact; `framework` (the request's) settles a tie."""
        self._pair_mxnet()
        by_framework: dict[str, list[tuple[str, ModelInfo | NeoConfigError]]] = {}
        for fw, name, item in self.found:
            by_framework.setdefault(fw, []).append((name, item))
        readable = [fw for fw, items in by_framework.items() if _ok(items)]
        if framework and framework in by_framework:
            chosen = framework
        elif framework == "XGBOOST":
            return xgboost_info(self._first_file())
        elif len(readable) == 1:
            chosen = readable[0]
        elif len(readable) > 1:
            listed = "; ".join(f"{fw}: {_names(by_framework[fw])}" for fw in readable)
            raise NeoConfigError(
                f"{self.origin} holds models of several frameworks ({listed}); "
                "keep one, or set Framework to the one to compile."
            )
        elif by_framework:
            chosen = next(iter(by_framework))
        else:
            if self.skipped == [self.origin]:
                raise NeoConfigError(
                    f"{quote(self.origin)} is not a model file that can be read; Neo looks for "
                    f"{LOOKED_FOR}."
                )
            for held in self.params.values():
                if isinstance(held, NeoConfigError):
                    raise held  # a .params file that is not one
            if self.params:
                weights = ", ".join(quote(name) for name in list(self.params)[:3])
                raise NeoConfigError(
                    f"{self.origin} holds MXNet weights ({weights}) but no *-symbol.json: an "
                    "MXNet model is the pair (model-symbol.json and model-0000.params)."
                )
            raise NeoConfigError(f"{self.origin} holds no model file: {self._holds()}.")
        items = by_framework[chosen]
        if len(items) > 1:
            raise NeoConfigError(self._too_many(chosen, items))
        name, item = items[0]
        if isinstance(item, NeoConfigError):
            raise item
        return item

    def _too_many(self, framework: str, items: list[tuple[str, ModelInfo | NeoConfigError]]) -> str:
        if framework != "TENSORFLOW":
            return (
                f"{self.origin} holds {len(items)} {framework} models ({_names(items)}); "
                f"Neo compiles one: keep one in the {self._kind}."
            )
        keras = [name for name, _ in items if PurePosixPath(name).name == KERAS_METADATA]
        remedy = (
            f"{quote(keras[0])} is written by Keras beside saved_model.pb and read only by "
            "Keras' load_model: leave it out"
            if keras
            else f"keep one in the {self._kind}"
        )
        return (
            f"{self.origin} holds {len(items)} .pb files ({_names(items)}), and Neo takes "
            'exactly one in a TensorFlow model ("Exactly one .pb file is allowed for '
            f"TensorFlow models\", Neo's troubleshooting page): {remedy}."
        )

    @property
    def _kind(self) -> str:
        """What the origin is, as a sentence names it (inspect_path names a folder "x/")."""
        return "folder" if self.origin.endswith("/") else "archive"

    def _pair_mxnet(self) -> None:
        """Each symbol file with its .params (same prefix, or the only one)."""
        for name, text in self.symbols:
            prefix = name[: -len("-symbol.json")]
            matches = [
                p for p in self.params if p.startswith(prefix + "-") or p == prefix + ".params"
            ]
            if not matches and len(self.params) == 1:
                matches = list(self.params)
            params = self.params[matches[0]] if matches else None
            try:
                if isinstance(params, NeoConfigError):
                    raise params
                info = mxnet_reader.read_symbol(text, name, params)
                if matches:
                    info.sources["params"] = matches[0]
                self.found.append(("MXNET", name, info))
            except NeoConfigError as exc:
                self.found.append(("MXNET", name, exc))
        self.symbols = []

    def _first_file(self) -> str:
        names = [n for _, n, _ in self.found] + self.skipped
        return names[0] if names else self.origin

    def _holds(self) -> str:
        shown = ", ".join(quote(n) for n in self.skipped[:5]) or "nothing"
        more = f" and {len(self.skipped) - 5} more" if len(self.skipped) > 5 else ""
        return f"it holds {shown}{more}; Neo looks for {LOOKED_FOR}"


def _ok(items: list[tuple[str, ModelInfo | NeoConfigError]]) -> bool:
    return any(isinstance(item, ModelInfo) for _, item in items)


def _names(items: list[tuple[str, ModelInfo | NeoConfigError]]) -> str:
    return ", ".join(quote(n) for n, _ in items[:4]) + (" ..." if len(items) > 4 else "")
