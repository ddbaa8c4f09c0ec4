"""Bytes in, text out: opening files (gzip by magic), size limits, binary
sniffing and character decoding.

Every function here signals a refused input by raising
:class:`~khabar.errors.InputError` with a stable ``reason``; the readers turn
that into a :class:`~khabar.article.Rejection`.
"""

from __future__ import annotations

import codecs
import gzip
import logging
import os
import re
import unicodedata
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Iterator

from ..errors import InputError

log = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
# How much of a file is looked at to guess its format and whether it is binary.
SNIFF_BYTES = 8192
# Raw bytes read to fill the sniffing window of a gzip file; deflate rarely
# expands less than this, and a shorter head only makes sniffing less sure.
_GZIP_HEAD_RAW = 65536
# A text line, JSON record or WARC record is at most this much bigger than the
# compressed bytes it came from.  Real news text compresses 3-10x
# (SaudiNewsNet: 3.8x); a stream of zeros or repeated lines ~1000x.  Streams are
# stopped as gzip bombs once they pass max_bytes *and* this ratio.
BOMB_RATIO = 100
# Share of C0 control bytes (other than tab, newlines, form feed) above which
# data is binary: text files have none, and a few stray ESC or BEL bytes in
# scraped text must not get it refused.
CONTROL_RATIO = 0.05
# Single-byte encodings tried when bytes are not UTF-8, most likely first for
# this project's languages: Arabic/Persian Windows and ISO pages, Russian
# Windows and KOI8 pages, Western European pages.
LEGACY_ENCODINGS = ("cp1256", "iso8859_6", "cp1251", "koi8_r", "cp1252")

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"PK\x05\x06", "empty ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document (DOC/XLS)"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x00asm", "WebAssembly module"),
    (b"\xca\xfe\xba\xbe", "Mach-O/Java class file"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"RIFF", "RIFF media (WAV/AVI/WEBP)"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x1a\x45\xdf\xa3", "Matroska/WebM media"),
    (b"PAR1", "Parquet file"),
    (b"\x28\xb5\x2f\xfd", "Zstandard data"),
)
# The file holds a nested gzip stream: after our one level of decompression.
_NESTED_GZIP = (GZIP_MAGIC + b"\x08", "gzip data inside gzip")
# Bytes that may occur in text: tab, LF, VT, FF, CR, and SUB (old DOS EOF mark).
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1a")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in _TEXT_CONTROLS) + b"\x7f"
# WHATWG encoding labels browsers treat as windows-1252.
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii",
              "us-ascii", "iso_8859-1", "cp819", "ibm819", "windows-1252"}
_NEWLINES = re.compile(r"\r\n?")
# Letters and the combining marks that go with them (Arabic harakat).
_WORDS = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+")
# Bytes of a file scored to pick its legacy encoding: enough for a few
# paragraphs, and scoring is pure Python.
_DETECT_SAMPLE = 65536
# Share of letters that must form plausible words for a legacy encoding to be
# taken without asking charset-normalizer.  Right decodings of Arabic,
# Persian, Russian and Western news score above 0.95; wrong code pages and
# random bytes below 0.6 (see tests/test_readers_bad_input.py).
MIN_PLAUSIBLE = 0.8


@dataclass
class Cursor:
    """Where reading stands in the current input file, in raw (compressed)
    bytes, so that progress can be reported while a big file streams."""

    pos: int = 0


# ---------------------------------------------------------------- opening

def file_size(path: str) -> int:
    """Size of ``path`` in bytes; raises ``not-found`` / ``unreadable``."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError("no such file or directory", reason="not-found", path=path)
    except OSError as exc:
        raise InputError(f"cannot stat file: {exc.strerror}", reason="unreadable", path=path)
    if not os.path.isfile(path):
        raise InputError("not a regular file (device, socket or pipe)",
                         reason="unsupported", path=path)
    return st.st_size


def open_raw(path: str) -> BinaryIO:
    """Open ``path`` for binary reading; raises ``not-found`` / ``unreadable``."""
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError("no such file or directory", reason="not-found", path=path)
    except OSError as exc:
        raise InputError(f"cannot open file: {exc.strerror}", reason="unreadable", path=path)


def is_gzip(path: str) -> bool:
    """True when the file starts with the gzip magic bytes (whatever its name)."""
    with open_raw(path) as f:
        return f.read(2) == GZIP_MAGIC


def read_head(path: str, size: int = SNIFF_BYTES) -> bytes:
    """First ``size`` bytes of the file's content, decompressed if gzip.

    A damaged gzip stream gives whatever could be decompressed before the
    damage; one that yields nothing at all is ``truncated-gzip``.
    """
    with open_raw(path) as f:
        raw = f.read(_GZIP_HEAD_RAW)
    if not raw.startswith(GZIP_MAGIC):
        return raw[:size]
    head, rest, complete = b"", raw, False
    try:
        # Member by member: a file may start with an empty gzip member.
        while rest[:2] == GZIP_MAGIC and len(head) < size:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            head += d.decompress(rest, size - len(head))
            complete, rest = d.eof, d.unused_data
            if not complete:
                break
    except zlib.error as exc:
        raise InputError(f"corrupt gzip data: {exc}", reason="truncated-gzip", path=path)
    if not head and len(raw) < _GZIP_HEAD_RAW and not complete:
        raise InputError("gzip stream ends before any data", reason="truncated-gzip", path=path)
    return head


def read_all(path: str, max_bytes: int) -> bytes:
    """The whole content of ``path`` (decompressed if gzip), at most ``max_bytes``.

    Raises ``too-large`` before reading a plain file that is too big and as
    soon as decompression passes the limit (so a gzip bomb costs max_bytes of
    memory, not its full size), ``truncated-gzip`` for a damaged gzip file.
    """
    size = file_size(path)
    if size > max_bytes:
        raise InputError(f"file is {size:,} bytes, over max_bytes={max_bytes:,}",
                         reason="too-large", path=path)
    with open_raw(path) as f:
        if f.read(2) != GZIP_MAGIC:
            f.seek(0)
            return f.read()
        f.seek(0)
        with gzip.GzipFile(fileobj=f) as gz:
            try:
                data = gz.read(max_bytes + 1)
            except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
                raise InputError(f"damaged gzip file: {exc}", reason="truncated-gzip", path=path)
    if len(data) > max_bytes:
        raise InputError(f"decompresses to more than max_bytes={max_bytes:,}",
                         reason="too-large", path=path)
    return data


class LineStream:
    """Lines of a (possibly gzip-compressed) file, read one at a time.

    Each line is capped at ``max_bytes``: an over-long line is reported as
    ``None`` and skipped without being held in memory.  Gzip damage raises
    ``truncated-gzip`` after the lines before it were delivered; a stream
    that decompresses past ``max_bytes`` at more than :data:`BOMB_RATIO`
    raises ``too-large``.
    """

    _SKIP_CHUNK = 1 << 20

    def __init__(self, path: str, max_bytes: int, cursor: Cursor | None = None):
        self.path = path
        self.max_bytes = max_bytes
        self.cursor = cursor or Cursor()
        self.decompressed = 0
        self._raw = open_raw(path)
        self._gz = self._raw.read(2) == GZIP_MAGIC
        self._raw.seek(0)
        self._stream: BinaryIO = gzip.GzipFile(fileobj=self._raw) if self._gz else self._raw

    def close(self) -> None:
        """Close the file (and the gzip layer over it)."""
        if self._stream is not self._raw:
            self._stream.close()
        self._raw.close()

    def __enter__(self) -> "LineStream":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __iter__(self) -> Iterator[tuple[int, bytes | None]]:
        """Yield ``(line number, line bytes or None when too long)``."""
        lineno = 0
        while True:
            line = self._readline(self.max_bytes + 1)
            if not line:
                return
            lineno += 1
            if len(line) > self.max_bytes:
                self._skip_rest(line)
                yield lineno, None
            else:
                yield lineno, line

    def _skip_rest(self, line: bytes) -> None:
        while line and not line.endswith(b"\n"):
            line = self._readline(self._SKIP_CHUNK)

    def _readline(self, limit: int) -> bytes:
        try:
            line = self._stream.readline(limit)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise InputError(f"damaged gzip file: {exc}", reason="truncated-gzip", path=self.path)
        self.decompressed += len(line)
        self.cursor.pos = self._raw.tell()
        if (self._gz and self.decompressed > self.max_bytes
                and self.decompressed > BOMB_RATIO * max(self.cursor.pos, 1)):
            raise InputError(
                f"gzip stream expands more than {BOMB_RATIO}x past max_bytes="
                f"{self.max_bytes:,} (gzip bomb?)", reason="too-large", path=self.path)
        return line


class SafeGzipReader:
    """A read-only file object over a gzip file that reports damage through
    :attr:`error` instead of raising, for consumers (warcio) that would
    otherwise mistake an ``EOFError`` for a clean end of input."""

    def __init__(self, raw: BinaryIO):
        self._raw = raw
        self._gz = gzip.GzipFile(fileobj=raw)
        self.error: str | None = None

    def read(self, size: int = -1) -> bytes:
        """Read up to ``size`` decompressed bytes; b"" after damage.

        Uses ``read1`` (one decompression step per call) so that the data
        before the damage is delivered before the error is met: ``read``
        would drop everything gathered in the failing call."""
        if self.error:
            return b""
        try:
            return self._gz.read1(size)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            self.error = f"damaged gzip data: {exc}"
            return b""

    def close(self) -> None:
        """Close the gzip layer (the caller owns the raw file)."""
        self._gz.close()


# ---------------------------------------------------------------- sniffing

def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """``(codec, BOM length)`` when ``data`` starts with a Unicode BOM."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM: ASCII characters (spaces, digits,
    punctuation — about a fifth of Arabic or Russian text) put a NUL in every
    other byte, always on the same side; binary data has NULs on both."""
    sample = data[:SNIFF_BYTES]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0:pairs * 2:2].count(0), sample[1:pairs * 2:2].count(0)
    if odd >= 0.1 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.1 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def binary_kind(data: bytes) -> str | None:
    """Why ``data`` looks binary (a magic number, NUL or control bytes), or None.

    UTF-16/32 text (with a BOM or recognisable without one) is not binary.
    """
    for magic, name in _MAGIC + (_NESTED_GZIP,):
        if data.startswith(magic):
            return name
    if bom_encoding(data):
        return None
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample:
        return None if utf16_without_bom(sample) else "NUL bytes in non-UTF-16 data"
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    if sample and controls / len(sample) > CONTROL_RATIO:
        return f"{controls} control bytes in the first {len(sample)}"
    return None


def head_text(head: bytes) -> str:
    """Lenient decoding of a file's first bytes, only for format sniffing."""
    bom = bom_encoding(head)
    codec, skip = bom if bom else (utf16_without_bom(head) or "utf-8", 0)
    chunk = head[skip:]
    if codec.startswith("utf-16"):
        chunk = chunk[:len(chunk) // 2 * 2]
    elif codec.startswith("utf-32"):
        chunk = chunk[:len(chunk) // 4 * 4]
    return chunk.decode(codec, errors="replace").lstrip("\ufeff \t\r\n")


# ---------------------------------------------------------------- decoding

def normalize_charset(label: str | None) -> str | None:
    """Python codec name for a declared charset label, or None if unknown.

    Follows browsers in reading "iso-8859-1"/"ascii" as windows-1252."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        log.debug("unknown charset label %r ignored", label)
        return None


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a leading BOM character is dropped."""
    return _NEWLINES.sub("\n", text.removeprefix("\ufeff"))


def detect_legacy(data: bytes) -> str | None:
    """Best single-byte encoding among :data:`LEGACY_ENCODINGS`, or None.

    Each candidate that decodes the bytes is scored by :func:`plausibility`
    on a sample; the best wins, earlier candidates on ties (so cp1256 wins on
    ASCII-like data).  charset-normalizer is only consulted when no candidate
    reaches :data:`MIN_PLAUSIBLE`: it misses Persian windows-1256 (it counts
    the zero-width non-joiner, used in most Persian sentences, as noise).
    """
    sample = data[:_DETECT_SAMPLE]
    best, best_score = None, MIN_PLAUSIBLE
    for codec in LEGACY_ENCODINGS:
        text = _strict(sample, codec)
        if text is None:
            continue
        score = plausibility(text)
        if score > best_score + 1e-9:
            best, best_score = codec, score
    if best and _strict(data, best) is not None:
        return best
    from charset_normalizer import from_bytes

    match = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    return match.encoding if match else None


def _script(ch: str) -> str:
    o = ord(ch)
    if o < 0x250:
        return "latin"
    if 0x400 <= o < 0x530:
        return "cyrillic"
    if 0x600 <= o < 0x780 or 0x8A0 <= o < 0x900 or 0xFB50 <= o < 0xFF00:
        return "arabic"
    return "other"


def _plausible_word(word: str) -> bool:
    """Could this word occur in real text?  A wrong code page gives words that
    mix scripts, case patterns like "жТнС", Latin words made of accented
    letters ("Ìèíèñòð" for Russian read as cp1252), or Arabic words with
    teh marbuta or alef maksura inside (Russian KOI8-R read as cp1256)."""
    scripts = {_script(ch) for ch in word}
    if len(scripts) != 1 or "other" in scripts:
        return False
    if "arabic" in scripts:
        base = "".join(ch for ch in word if not unicodedata.combining(ch))
        return not any(ch in base[:-1] for ch in "\u0629\u0649")
    if "latin" in scripts and len(word) >= 4 and sum(ch > "\x7f" for ch in word) * 2 > len(word):
        return False
    return len(word) == 1 or word.islower() or word.isupper() or word.istitle()


def plausibility(text: str) -> float:
    """Share of letters that sit in plausible words, minus a penalty for
    characters no text contains (C1 controls, private use, unassigned)."""
    letters = good = 0
    for word in _WORDS.findall(text):
        letters += len(word)
        if _plausible_word(word):
            good += len(word)
    if not letters:
        return 0.0
    weird = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn")
                and ch not in "\t\n\r\x0b\x0c")
    return good / letters - 5 * weird / max(len(text), 1)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, declared: str | None = None, *, source: str = "") -> str:
    """Decode ``data`` to text with ``\\n`` line endings.

    Order: a BOM (unambiguous, as in the WHATWG encoding standard), NUL
    bytes (UTF-16 without BOM, else binary), strict UTF-8 (wins over a
    declaration because Arabic sites often still declare windows-1256 after
    moving to UTF-8, and legacy text is almost never valid UTF-8), the
    ``declared`` charset, then detection among :data:`LEGACY_ENCODINGS`.

    Raises :class:`InputError` with reason ``empty``, ``binary`` or
    ``undecodable``.
    """
    if not data.strip():
        raise InputError("no content", reason="empty", path=source)
    kind = binary_kind(data)
    if kind:
        raise InputError(f"binary data: {kind}", reason="binary", path=source)
    text = _decode_text(data, normalize_charset(declared), source)
    text = normalize_newlines(text)
    if not text.strip():
        raise InputError("only whitespace", reason="empty", path=source)
    return text


def _decode_text(data: bytes, declared: str | None, source: str) -> str:
    bom = bom_encoding(data)
    if bom:
        codec, skip = bom
        text = _strict(data[skip:], codec)
        if text is None:
            raise InputError(f"invalid {codec} after its byte order mark",
                             reason="undecodable", path=source)
        return text
    if b"\x00" in data:
        codec = utf16_without_bom(data) or ""
        text = _strict(data, codec) if codec else None
        if text is None or _control_share(text) > CONTROL_RATIO:
            raise InputError("NUL bytes but not UTF-16 text", reason="binary", path=source)
        return text
    text = _strict(data, "utf-8")
    if text is not None:
        return text
    text = _mostly_utf8(data)
    if text is not None:
        log.info("%s: a few invalid UTF-8 bytes replaced with U+FFFD", source)
        return text
    if declared and declared != "utf-8":
        text = _strict(data, declared)
        if text is not None:
            return text
        log.debug("%s: declared charset %s does not fit, detecting", source, declared)
    codec = detect_legacy(data)
    text = _strict(data, codec) if codec else None
    if text is None:
        raise InputError(f"not UTF-8 nor any of {', '.join(LEGACY_ENCODINGS)}",
                         reason="undecodable", path=source)
    return text


# Text that is valid UTF-8 but for a stray byte or two (a truncated copy, a
# bad splice) stays UTF-8 with U+FFFD: legacy detection would turn the whole
# file into mojibake.  Legacy-encoded Arabic or Cyrillic is almost never valid
# UTF-8 for more than a few characters, so many valid multibyte sequences and
# few bad bytes is decisive.
MOSTLY_UTF8_MIN_MULTIBYTE = 4
MOSTLY_UTF8_MAX_BAD_SHARE = 0.01


def _mostly_utf8(data: bytes) -> str | None:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    multibyte = sum(1 for ch in text if ch > "\x7f" and ch != "\ufffd")
    if multibyte >= MOSTLY_UTF8_MIN_MULTIBYTE and bad <= max(2, MOSTLY_UTF8_MAX_BAD_SHARE * multibyte):
        return text
    return None


def _control_share(text: str) -> float:
    """Share of control characters (other than whitespace) in decoded text."""
    sample = text[:SNIFF_BYTES]
    bad = sum(1 for ch in sample if (ch < " " or "\x7f" <= ch < "\xa0") and ch not in "\t\n\r\x0b\x0c")
    return bad / max(len(sample), 1)


class LineDecoder:
    """Decodes the lines of one streamed file: UTF-8 first; once a line is
    not UTF-8, the legacy encoding detected on it is tried first for the
    following lines too (a file has one encoding; detection is slow)."""

    def __init__(self, source: str):
        self.source = source
        self.legacy: str | None = None

    def decode(self, line: bytes, lineno: int) -> str:
        """Text of one line; raises ``undecodable``/``binary`` InputError."""
        if lineno == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if b"\x00" in line:
            raise InputError("NUL bytes in line", reason="binary", path=self.source)
        text = _strict(line, "utf-8")
        if text is None and self.legacy:
            text = _strict(line, self.legacy)
        if text is None:
            self.legacy = detect_legacy(line)
            text = _strict(line, self.legacy) if self.legacy else None
        if text is None:
            raise InputError(f"line is not UTF-8 nor any of {', '.join(LEGACY_ENCODINGS)}",
                             reason="undecodable", path=self.source)
        return text


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """``("text/html", "windows-1256")`` from a Content-Type header value."""
    if not value:
        return "", None
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return mime.strip().lower(), charset
