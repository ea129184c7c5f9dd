"""Darknet: the .cfg file's [net] section gives width, height and channels of the one input.

The .weights file holds no shapes and is never read. Neo (through TVM's darknet frontend) names
the input "data" and takes it NCHW.
"""

from __future__ import annotations

import re

from core.errors import NeoConfigError
from core.model.types import ModelInfo, ModelInput

_SECTION = re.compile(r"^\s*\[([^\]]*)\]\s*$")
_SETTING = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


def looks_like_cfg(head: bytes) -> bool:
    """A cfg whose first section is [net] or [network] (comments and blank lines before it)."""
    for line in head.decode("utf-8", errors="replace").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        return stripped.lower() in ("[net]", "[network]")
    return False


def read_cfg(text: str | bytes, file: str) -> ModelInfo:
    """The one input of a Darknet network: [1, channels, height, width]."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    net: dict[str, str] = {}
    section, saw_net = "", False
    for line in text.splitlines():
        line = line.split("#", 1)[0].split(";", 1)[0]
        if match := _SECTION.match(line):
            if saw_net:
                break
            section = match.group(1).strip().lower()
            saw_net = section in ("net", "network")
        elif saw_net and (match := _SETTING.match(line)):
            net[match.group(1).lower()] = match.group(2)
    if not saw_net:
        raise NeoConfigError(f"{file} has no [net] section; it is not a Darknet cfg.")
    dims = {}
    for key in ("width", "height", "channels"):
        value = net.get(key, "")
        if not value.isdigit() or int(value) < 1:
            raise NeoConfigError(
                f"{file}'s [net] section has no usable {key} ({value or 'missing'})."
            )
        dims[key] = int(value)
    shape = (1, dims["channels"], dims["height"], dims["width"])
    trained = net.get("batch", "1")
    said = f" ({file} says batch={trained})" if trained not in ("", "1") else ""
    notes = [f"The batch is 1{said}: a cfg's batch= is the training batch, not the inference one."]
    return ModelInfo(
        framework="DARKNET",
        inputs=(ModelInput("data", shape, "float32", "NCHW"),),
        file=file,
        sources={
            "inputs": 'one input, named "data" as the Darknet frontend names it',
            "shapes": f"{file}: [net] channels, height, width; batch 1",
        },
        notes=tuple(notes),
    )
