"""Pipeline assembly, stage errors and settings."""

from __future__ import annotations

import pytest

from khabar.article import Article, RawDocument
from khabar.config import SETTINGS, load_settings
from khabar.errors import ConfigError, PipelineError
from khabar.pipeline import Pipeline, build_pipeline, normalize_keys, split_sentences, stage


def test_order_is_checked_when_built():
    with pytest.raises(PipelineError, match="sentences.*body_spans"):
        Pipeline([split_sentences])
    with pytest.raises(PipelineError, match="normalize"):
        Pipeline([normalize_keys])


def test_failing_stage_is_named():
    @stage("boom", needs=("text",), sets=())
    def boom(a):
        raise ValueError("bad thing")

    art = Article.from_raw(RawDocument(source="x", text="hello"))
    with pytest.raises(PipelineError) as ei:
        Pipeline([boom])(art)
    assert ei.value.stage == "boom" and "bad thing" in str(ei.value) and ei.value.article_id == art.id


def test_foundation_pipeline_runs_in_order():
    p = build_pipeline(load_settings(env={}))
    assert p.names == ["clean", "sentences", "langid", "published", "normalize"]
    art = p(Article.from_raw(RawDocument(source="x", text="Title here\nBody sentence one. Body two.")))
    assert art.stages == p.names and art.search_keys["body"] and art.language == "en"


def test_settings_env_and_overrides():
    s = load_settings(env={"KHABAR_MAX_BYTES": "1000", "KHABAR_ALLOW_PRIVATE_URLS": "yes",
                           "KHABAR_LANGUAGES": "ar, fa"})
    assert (s.max_bytes, s.allow_private_urls, s.languages) == (1000, True, ("ar", "fa"))
    assert load_settings(env={}, max_bytes=5).max_bytes == 5
    with pytest.raises(ConfigError, match="valid"):
        load_settings(env={}, nonsense=1)
    with pytest.raises(ConfigError, match="expected int"):
        load_settings(env={"KHABAR_MAX_BYTES": "lots"})


def test_every_setting_has_help_and_a_cli_or_env_route():
    for s in SETTINGS:
        assert s.help and s.name.islower()
