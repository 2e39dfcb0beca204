"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/utils/hashing.py. The real ``json_dumps`` is
orjson with sorted keys: compact, UTF-8; ``json.dumps`` below writes the
same text for the data hashed here.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any


def hash_data(data: Any) -> str:
    """SHA-256 hex digest of ``data`` (JSON-serialized unless a string)."""
    if isinstance(data, (int, float, bool, dict, list, tuple)):
        data = json.dumps(
            data, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
