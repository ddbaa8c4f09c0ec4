"""``khabar eval ner FILE --lang ar|fa|en|ru``: entity-level scores of khabar's NER.

The file holds one ``token TAG`` per line (IOB tags, the corpus's own tag set:
PERS/LOC/ORG/MISC for ANERcorp, pers/org/loc/fac/pro/event for ArmanPersoNER,
PER/LOC/ORG/MISC or spaCy's own labels for English files).  Blank lines
separate sentences; a file without any is cut after sentence-final
punctuation tokens, as in training.  Scores are exact-span, entity-level
precision / recall / F1 as in CoNLL's ``conlleval`` (an ``I-X`` after ``O`` or
after another type starts a new entity), per type and micro-averaged.

``write_dev_split(lang, path)`` writes the held-out dev cut that the shipped
model was not trained on (the last 15 % of the sentences of the shared
training file), so that tests and reports can score it.

Reading is lenient, because the corpora are not clean: the tag is the last
field of a line (``B-PERs``, ``b-misc``, ``IPERS`` … are repaired; a tag
first and the token after it is accepted; a line whose last field is not a
tag counts as ``O``), and bidi marks around tokens are ignored.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import InputError

__all__ = ["run", "read_conll", "split_train_dev", "write_dev_split", "score", "entities",
           "DEV_FRACTION", "SOURCES"]

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
# The shared training files each language's model is trained on.
SOURCES = {
    "ar": SHARED / "eval" / "ner" / "anercorp" / "anercorp_train_dev.txt",
    "fa": SHARED / "eval" / "ner" / "arman" / "arman_fold1_train.txt",
}
# The last DEV_FRACTION of the sentences (in file order) is the held-out dev cut.
DEV_FRACTION = 0.15

_SENT_END = {".", "!", "?", "\u061f"}
_FORMAT_RE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

# Known types per tag set, lower-cased -> canonical spelling; near misses seen
# in ANERcorp ("PERs", "ORF", "OEG", "PRG", "ERS") map to the nearest type.
_TYPES = {
    "ar": {"pers": "PERS", "per": "PERS", "ers": "PERS", "loc": "LOC", "org": "ORG", "orf": "ORG",
           "oeg": "ORG", "prg": "ORG", "misc": "MISC"},
    "fa": {"pers": "pers", "per": "pers", "org": "org", "loc": "loc", "fac": "fac", "pro": "pro",
           "event": "event"},
    # Russian files (factRuEval, Collection5, BSNLP conversions) name the
    # three types in several ways; the model knows PER, LOC, ORG only.
    "ru": {"per": "PER", "pers": "PER", "person": "PER", "loc": "LOC", "location": "LOC",
           "geo": "LOC", "gpe": "LOC", "org": "ORG", "organization": "ORG"},
}
_TAG_RE = re.compile(r"^(?:([BIbi])-?([A-Za-z]+)(?:[BI]-[A-Za-z]+)?|[Oo])$")


def normalize_tag(tag: str, lang: str | None = None) -> str | None:
    """Canonical IOB tag, or None when ``tag`` does not look like one."""
    m = _TAG_RE.match(tag)
    if not m:
        return None
    if not m.group(1):
        return "O"
    prefix, typ = m.group(1).upper(), m.group(2)
    table = _TYPES.get(lang or "")
    if table is not None:
        canon = table.get(typ.lower())
        if canon is None:
            return "O"
        typ = canon
    return f"{prefix}-{typ}"


def _clean(token: str) -> str:
    return _FORMAT_RE.sub("", token)


def read_conll(path: str | Path, lang: str | None = None) -> list[list[tuple[str, str]]]:
    """Sentences of (token, tag) from a ``token TAG`` file (see the module doc)."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read NER file: {exc}", path=str(path)) from exc
    blocks: list[list[tuple[str, str]]] = [[]]
    saw_blank = False
    for line in lines:
        fields = line.split()
        if not fields:
            saw_blank = True
            if blocks[-1]:
                blocks.append([])
            continue
        token, tag = None, None
        if len(fields) >= 2:
            tag = normalize_tag(fields[-1], lang)
            if tag is not None:
                token = " ".join(fields[:-1])
            else:
                tag = normalize_tag(fields[0], lang)
                if tag is not None:
                    token = " ".join(fields[1:])
        if token is None:
            token, tag = " ".join(fields), "O"
        token = _clean(token)
        if not token:
            continue
        blocks[-1].append((token, tag))
    sents = [b for b in blocks if b]
    if not saw_blank:
        sents = [s for b in sents for s in _split_at_punct(b)]
    return sents


def _split_at_punct(tokens: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    out, cur = [], []
    for tok, tag in tokens:
        cur.append((tok, tag))
        if tok in _SENT_END:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def split_train_dev(sents: Sequence, fraction: float = DEV_FRACTION) -> tuple[list, list]:
    """First ``1 - fraction`` of the sentences (file order) for training, the rest for dev."""
    cut = int(round(len(sents) * (1.0 - fraction)))
    return list(sents[:cut]), list(sents[cut:])


def write_dev_split(lang: str, out_path: str | Path) -> Path:
    """Write the held-out dev cut of ``lang``'s training file as ``token TAG`` lines
    with blank lines between sentences; returns the path."""
    if lang not in SOURCES:
        raise InputError(f"no NER training data for language {lang!r}")
    _, dev = split_train_dev(read_conll(SOURCES[lang], lang))
    out = Path(out_path)
    with open(out, "w", encoding="utf-8") as fh:
        for sent in dev:
            for tok, tag in sent:
                fh.write(f"{tok} {tag}\n")
            fh.write("\n")
    return out


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------

def entities(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """Entity spans (start, end exclusive, type) of an IOB sequence, conlleval style."""
    out = set()
    start, typ = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != typ):
            if start is not None:
                out.add((start, i, typ))
            start, typ = (i, tag[2:]) if tag != "O" else (None, None)
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> dict:
    """Entity-level precision/recall/F1 per type and micro, over aligned tag sequences."""
    tp: Counter = Counter()
    n_pred: Counter = Counter()
    n_gold: Counter = Counter()
    for g, p in zip(gold, pred):
        ge, pe = entities(g), entities(p)
        for e in ge:
            n_gold[e[2]] += 1
        for e in pe:
            n_pred[e[2]] += 1
        for e in ge & pe:
            tp[e[2]] += 1
    per_type = {}
    for t in sorted(set(n_gold) | set(n_pred)):
        p, r, f = _prf(tp[t], n_pred[t], n_gold[t])
        per_type[t] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                       "support": n_gold[t]}
    p, r, f = _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return {"micro_f1": round(f, 4), "micro_precision": round(p, 4), "micro_recall": round(r, 4),
            "per_type": per_type}


# ---------------------------------------------------------------------------
# Tagging a file's tokens
# ---------------------------------------------------------------------------

def _tag_crf(sents: list[list[str]], lang: str, mode: str = "crf") -> list[list[str]]:
    from .. import ner
    return ner._model(lang).tag_tokens_many(sents, mode)


_EN_LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC"}


def _joined(sents: list[list[str]]) -> tuple[list[str], list[list[tuple[int, int]]]]:
    """Each sentence's tokens joined by spaces, and every token's offsets there."""
    texts, offsets = [], []
    for toks in sents:
        pos, offs = 0, []
        for t in toks:
            offs.append((pos, pos + len(t)))
            pos += len(t) + 1
        texts.append(" ".join(toks))
        offsets.append(offs)
    return texts, offsets


def _iob(spans: Iterable[tuple[int, int, str]], offs: list[tuple[int, int]]) -> list[str]:
    """Character spans (start, end, type) as IOB tags of the tokens at ``offs``."""
    tags = ["O"] * len(offs)
    for start, end, typ in spans:
        first = True
        for i, (s, e) in enumerate(offs):
            if s < end and e > start and tags[i] == "O":
                tags[i] = ("B-" if first else "I-") + typ
                first = False
    return tags


def _tag_en(sents: list[list[str]], gold_types: set[str]) -> list[list[str]]:
    """spaCy over the space-joined tokens; entity types mapped to the file's tag set."""
    from .. import ner
    nlp = ner._spacy()
    texts, offsets = _joined(sents)
    # spaCy's own labels when the file uses them, khabar's types otherwise.
    native = bool(gold_types & {"PERSON", "GPE", "NORP", "FAC"})
    out = []
    for doc, offs in zip(nlp.pipe(texts, batch_size=64), offsets):
        spans = [(ent.start_char, ent.end_char, ent.label_ if native else _EN_LABELS.get(ent.label_))
                 for ent in doc.ents]
        out.append(_iob([sp for sp in spans if sp[2] is not None], offs))
    return out


def _tag_spans(sents: list[list[str]], lang: str) -> list[list[str]]:
    """:func:`khabar.ner.recognize_many` over the space-joined tokens, its
    entities projected back onto the tokens as IOB tags (khabar's types)."""
    from .. import ner
    texts, offsets = _joined(sents)
    return [_iob([(e.start, e.end, e.type) for e in ents], offs)
            for ents, offs in zip(ner.recognize_many(texts, lang), offsets)]


# Languages `run` can score, and how their models are run.
EVAL_LANGS = ("ar", "fa", "en", "ru")


def run(path: str, lang: str, mode: str = "crf") -> tuple[str, dict]:
    """Tag ``path``'s tokens with the shipped model for ``lang``; (report text, metrics dict).
    ``mode`` (Arabic and Persian): "crf", or "e5" with the fine-tuned encoder mixed in."""
    if lang not in EVAL_LANGS:
        raise InputError(f"NER evaluation supports {', '.join(EVAL_LANGS)}, not {lang!r}")
    sents = read_conll(path, lang if lang in _TYPES else None)
    if not sents:
        raise InputError("no tokens in NER file", path=str(path))
    tokens = [[t for t, _ in s] for s in sents]
    gold = [[g for _, g in s] for s in sents]
    if lang == "en":
        types = {g[2:] for s in gold for g in s if g != "O"}
        pred = _tag_en(tokens, types)
    elif lang == "ru":
        pred = _tag_spans(tokens, lang)
    else:
        pred = _tag_crf(tokens, lang, mode)
    metrics = score(gold, pred)
    if lang in ("ar", "fa"):
        metrics["mode"] = mode
    metrics["n_sentences"] = len(sents)
    metrics["n_tokens"] = sum(len(s) for s in sents)
    return report(metrics, path, lang), metrics


def report(m: dict, path: str, lang: str) -> str:
    model = f", model={m['mode']}" if m.get("mode") else ""
    lines = [f"NER evaluation: {path} (lang={lang}{model}, {m['n_sentences']} sentences, "
             f"{m['n_tokens']} tokens)",
             f"{'type':<8} {'prec':>7} {'recall':>7} {'F1':>7} {'support':>8}"]
    for t, v in m["per_type"].items():
        lines.append(f"{t:<8} {v['precision']:7.4f} {v['recall']:7.4f} {v['f1']:7.4f} {v['support']:8d}")
    lines.append(f"{'micro':<8} {m['micro_precision']:7.4f} {m['micro_recall']:7.4f} "
                 f"{m['micro_f1']:7.4f} {sum(v['support'] for v in m['per_type'].values()):8d}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - manual use
    import sys
    text, metrics = run(sys.argv[1], sys.argv[2])
    print(text)
    print(json.dumps(metrics))
