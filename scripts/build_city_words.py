"""Build ``khabar/data/common_city_words.json``: one-word city and
organization names that news text uses mostly as ordinary words.

    make city-words
    .venv/bin/python scripts/build_city_words.py --held-out   # measure, write nothing

The knowledge base holds thousands of city names from geonames, and some of
their Arabic and Persian spellings are also everyday words: "يوميا" (daily)
is a spelling of Umeå, "سلطات" (authorities) of Settat, "مسئله" (issue) of
M'Sila; "فتح" (opened) is also Fatah.  ``khabar.actors._kb_spans`` spots
known names in running text even where the tagger saw none, so such words
became places and organizations.

This script counts, in the annotated NER corpora (ANERcorp for Arabic,
ArmanPersoNER fold 1 for Persian, read from ``../shared/eval/ner/`` at build
time), every token that the knowledge base reads as a one-word city name of
at least ``actors.MIN_CITY_CHARS`` letters or a one-word organization name, split by whether the annotators
tagged it as part of a name.  A word is listed when it was left untagged at
least :data:`MIN_WORD` times and in at least :data:`WORD_SHARE` of its
occurrences, counting only occurrences outside time expressions (inside one
the extractor drops the name anyway: "روز دوشنبه", on Monday, is no Dushanbe).  Listed words are still places when the tagger marks them.

The output holds only words, counts and the rule, no text.  ``--held-out``
builds the list from the training cut of each corpus (the first 85 % of its
sentences) and reports, on the dev cut, how many lookup-only city spans fall
on tokens the annotators left untagged, with and without the list.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from khabar import actors  # noqa: E402
from khabar.evaluation.ner import SOURCES, read_conll, split_train_dev  # noqa: E402
from khabar.kb import knowledge_base  # noqa: E402

OUT = ROOT / "khabar" / "data" / "common_city_words.json"
# A word is listed when annotators left it untagged at least this often ...
MIN_WORD = 4
# ... and in at least this share of its occurrences.
WORD_SHARE = 0.7


def _checked(actor, chars: int) -> bool:
    """A one-word reading the list is for: a city long enough to be spotted,
    or an organization."""
    return (actor.kind in ("city", "capital") and chars >= actors.MIN_CITY_CHARS) or actor.type == "ORG"


def city_counts(kb, sents, lang: str) -> dict[str, Counter]:
    """key -> Counter(word=…, name=…) over the tokens that the knowledge base
    reads as a one-word city name long enough to be spotted."""
    out: dict[str, Counter] = defaultdict(Counter)
    for sent in sents:
        hits = []
        for i, (tok, tag) in enumerate(sent):
            one = actors._kb_token(tok, lang, kb)
            if one is None:
                continue
            cut, actor = one
            if _checked(actor, len(tok) - cut):
                hits.append((i, cut))
        if not hits:
            continue
        # As in extraction, a name inside a longer time expression is no
        # mention ("روز دوشنبه", on Monday): those occurrences are not counted.
        text, offsets = "", []
        for tok, _ in sent:
            offsets.append((len(text), len(text) + len(tok)))
            text += tok + " "
        kept = {offsets[i] for i in range(len(sent))} & set(
            actors._outside_dates(text, lang, [offsets[i] for i, _ in hits]))
        for i, cut in hits:
            if offsets[i] in kept:
                tok, tag = sent[i]
                out[actors._city_word_key(tok, cut, lang)]["word" if tag == "O" else "name"] += 1
    return out


def common(counts: dict[str, Counter]) -> list[str]:
    return sorted(k for k, c in counts.items()
                  if c["word"] >= MIN_WORD and c["word"] >= WORD_SHARE * (c["word"] + c["name"]))


def _spotted_cities(kb, sents, lang: str) -> dict[str, Counter]:
    """Lookup-only one-word city and organization spans that
    ``actors._kb_spans`` finds in the sentences (tokens joined by spaces),
    by kind ("cities", "organizations") and by whether they fall on a token
    the annotators tagged as a name."""
    out: dict[str, Counter] = {"cities": Counter(), "organizations": Counter()}
    for sent in sents:
        text, offsets = "", {}
        for i, (tok, _) in enumerate(sent):
            offsets[len(text)] = i
            text += tok + " "
        for s, e, _t, _a in actors._kb_spans(text, lang, kb):
            i = offsets.get(s)
            if i is None:       # a proclitic was cut off: the token starts earlier
                i = offsets[max(o for o in offsets if o < s)]
            if " " in text[s:e].strip():
                continue
            one = actors._kb_token(sent[i][0], lang, kb)
            if one is None or not _checked(one[1], len(sent[i][0]) - one[0]):
                continue
            kind = "organizations" if one[1].type == "ORG" else "cities"
            out[kind]["word" if sent[i][1] == "O" else "name"] += 1
    return out


def held_out(kb, lang: str) -> dict:
    """The list built from the training cut; lookup-only city spans on the
    dev cut without it and with it (as extraction spots them)."""
    train, dev = split_train_dev(read_conll(SOURCES[lang], lang))
    listed = common(city_counts(kb, train, lang))
    actors.common_city_words(lang)
    saved = actors._CITY_WORDS
    try:
        actors._CITY_WORDS = {lang: frozenset()}
        before = _spotted_cities(kb, dev, lang)
        actors._CITY_WORDS = {lang: frozenset(listed)}
        after = _spotted_cities(kb, dev, lang)
    finally:
        actors._CITY_WORDS = saved

    def row(c: Counter) -> dict:
        n = c["word"] + c["name"]
        return {"spans": n, "on_names": c["name"], "on_words": c["word"],
                "precision": round(c["name"] / n, 4) if n else None}

    return {"listed_from_train": len(listed),
            **{kind: {"dev_without_list": row(before[kind]), "dev_with_list": row(after[kind])}
               for kind in ("cities", "organizations")}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--held-out", action="store_true", help="measure on the dev cuts; write nothing")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    kb = knowledge_base()
    if args.held_out:
        for lang in SOURCES:
            print(lang, json.dumps(held_out(kb, lang)))
        return 0
    data = {
        "about": "One-word city and organization names that annotated news text uses mostly as "
                 "ordinary words; "
                 "built by scripts/build_city_words.py from ANERcorp (ar) and ArmanPersoNER fold 1 (fa).",
        "rule": {"min_untagged": MIN_WORD, "min_untagged_share": WORD_SHARE,
                 "min_chars": actors.MIN_CITY_CHARS},
        "languages": {},
    }
    for lang in SOURCES:
        counts = city_counts(kb, read_conll(SOURCES[lang], lang), lang)
        words = common(counts)
        data["languages"][lang] = {
            "words": words,
            "counts": {k: [counts[k]["word"], counts[k]["name"]] for k in words},
        }
        print(f"{lang}: {len(words)} of {len(counts)} city and organization words listed", file=sys.stderr)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
