"""XGBoost: nothing to read. Neo compiles the model without DataInputConfig."""

from __future__ import annotations

from core.model.types import ModelInfo

XGBOOST_NOTE = "XGBoost takes no DataInputConfig: Neo reads the model's features itself."


def xgboost_info(file: str) -> ModelInfo:
    """The artifact's file is recorded; it is not opened."""
    return ModelInfo(
        framework="XGBOOST",
        inputs=(),
        file=file,
        sources={"inputs": "none: XGBoost models take no DataInputConfig"},
        notes=(XGBOOST_NOTE,),
    )
