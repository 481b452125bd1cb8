"""Read a corpus: folders of text files, JSONL and CSV, in any common encoding.

One unreadable file never stops a run: it is reported as a
:class:`~dedup.model.Skipped` entry (with the reason and the fix) and the
rest of the corpus goes on.

Examples
--------
>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "wire").mkdir()
>>> _ = (root / "wire" / "a.txt").write_text("Headline Here\\n\\nBy AFP\\n\\nBody text of the story.")
>>> _ = (root / "empty.txt").write_text("")
>>> corpus = read_corpus([root])
>>> [d.id for d in corpus.documents], [s.kind for s in corpus.skipped]
(['wire/a.txt'], ['empty'])
>>> corpus.documents[0].outlet
'AFP'
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dedup.article import outlet_from_url, parse_article, parse_date
from dedup.errors import InputError
from dedup.model import Document, Skipped

__all__ = [
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "Corpus",
    "Source",
    "decode_bytes",
    "discover",
    "document_from_text",
    "load_source",
    "read_corpus",
]

TEXT_SUFFIXES = (".txt", ".md", ".text")
TABLE_SUFFIXES = (".jsonl", ".ndjson", ".csv")
DEFAULT_MAX_FILE_MB = 10.0
_SINGLE_BYTE = [
    "cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r",
    "iso8859_5", "cp1253", "iso8859_7", "cp1254", "iso8859_9", "cp1257", "mac_roman",
]


@dataclass(frozen=True)
class Source:
    """One input file and the id (or id prefix) its documents get."""

    path: str
    id: str
    folder: str | None


@dataclass
class Corpus:
    """Documents read from disk, plus what was skipped and why."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def skipped_summary(self) -> str:
        """``"3 skipped (2 empty, 1 binary)"`` or ``""`` when nothing was skipped."""
        if not self.skipped:
            return ""
        counts: dict[str, int] = {}
        for s in self.skipped:
            counts[s.kind] = counts.get(s.kind, 0) + 1
        detail = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
        return f"{len(self.skipped)} skipped ({detail})"


class _SkipFile(Exception):
    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


def decode_bytes(data: bytes, *, encoding: str | None = None) -> tuple[str, str]:
    """Decode file content, detecting its encoding when none is given.

    UTF-8 (with or without BOM) is tried first; anything else goes to
    charset-normalizer.  Binary content (NUL bytes, or no plausible text
    encoding) raises.

    Parameters
    ----------
    data
        Raw file bytes.
    encoding
        Force this codec instead of detecting one.

    Returns
    -------
    (str, str)
        The text and the name of the encoding used.

    Examples
    --------
    >>> decode_bytes("café".encode("cp1252"))[0]
    'café'
    >>> decode_bytes(b"\\xef\\xbb\\xbfBOM text")
    ('BOM text', 'utf-8-sig')
    >>> decode_bytes("Déjà vu à Genève, a-t-il dit — « c’est là ».".encode("cp1252"))
    ('Déjà vu à Genève, a-t-il dit — « c’est là ».', 'cp1252')
    """
    if encoding:
        try:
            return _check_text(data.decode(encoding)), encoding
        except LookupError:
            raise _SkipFile(
                "bad-encoding", f"unknown encoding {encoding!r}; pass a codec name such as --encoding latin-1"
            ) from None
        except UnicodeDecodeError as exc:
            raise _SkipFile(
                "undecodable",
                f"not valid {encoding} (byte {exc.start}); drop --encoding to detect the encoding",
            ) from None
    if not data.strip():
        raise _SkipFile("empty", "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    sample = data[:65536]
    if b"\x00" in sample:
        raise _SkipFile("binary", "binary file (contains NUL bytes); not a text article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    sample = data[:1_000_000]
    high = sum(sample.count(bytes([b])) for b in range(128, 256))
    # Mostly-ASCII text with a few high bytes is a Western single-byte
    # encoding; do not let a short sample be read as a CJK multi-byte one.
    isolate = _SINGLE_BYTE if high < 0.3 * len(sample) else None
    best = from_bytes(sample, cp_isolation=isolate).best()
    if best is None:
        raise _SkipFile(
            "undecodable",
            "cannot detect a text encoding; pass --encoding NAME (for example latin-1) if it is text",
        )
    name = _preferred_encoding(sample, best)
    try:
        text = data.decode(name)
    except (UnicodeDecodeError, LookupError):
        raise _SkipFile("undecodable", f"bytes do not decode as detected {name}; pass --encoding NAME") from None
    return _check_text(text), name


def _codec(name: str) -> str:
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


# Non-letters that do sit between two letters in real text: apostrophes,
# the Catalan middle dot, a soft hyphen, dashes.
_IN_WORD_OK = frozenset("’‘·\u00ad—–")
_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])[^\x00-\x7f](?=[^\W\d_])")

# The code pages for Latin-script text, in order of preference, and the
# accented letters of the languages written in them.  Text read with the
# wrong Latin code page mixes letters that no one language uses together
# (French read as cp1250: "déjŕ", "Genčve"; Czech read as cp1252: "pøíliš").
_LATIN_PAGES = ("cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1254", "iso8859_9", "cp1257",
                "mac_roman")
_ALPHABETS = tuple(
    frozenset(letters)
    for letters in (
        "àâæçéèêëîïôœùûüÿ",  # French
        "äöüß",  # German
        "áéíñóúü",  # Spanish
        "áâãàçéêíóôõú",  # Portuguese
        "àèéìíîòóùú",  # Italian
        "àçèéíïòóúü",  # Catalan
        "áéíóúàèëïöü",  # Dutch
        "æøåéó",  # Danish, Norwegian
        "åäöé",  # Swedish
        "äöåšž",  # Finnish
        "áðéíóúýþæö",  # Icelandic
        "ąćęłńóśźż",  # Polish
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "áéíóöőúüű",  # Hungarian
        "ăâîșşțţ",  # Romanian
        "čćđšž",  # Croatian, Slovenian, Bosnian
        "çğıiöşüâîû",  # Turkish ("İ" lowers to "i")
        "ąčęėįšųūž",  # Lithuanian
        "āčēģīķļņšūž",  # Latvian
        "äõöüšž",  # Estonian
        "çë",  # Albanian
    )
)


def _misread_score(text: str) -> int:
    """How much ``text`` looks like bytes read with the wrong code page.

    C1 control characters (U+0080..U+009F) and symbols inside words
    ("wyda³o", "¯o³nierze": Polish read as cp1252) do not occur in text
    that was decoded right.
    """
    controls = sum(1 for ch in text if "\x80" <= ch <= "\x9f")
    symbols = sum(
        1 for m in _BETWEEN_LETTERS.finditer(text) if not m.group().isalpha() and m.group() not in _IN_WORD_OK
    )
    return 10 * controls + symbols


def _language_fit(text: str) -> float:
    """The largest share of the accented letters of ``text`` that one language's alphabet holds."""
    counts: Counter[str] = Counter()
    for ch, n in Counter(text).items():
        if ch > "\x7f" and ch.isalpha():
            low = ch.lower()
            counts[low[0] if low else ch] += n
    total = sum(counts.values())
    if not total:
        return 1.0
    return max(sum(n for ch, n in counts.items() if ch in alphabet) for alphabet in _ALPHABETS) / total


def _preferred_encoding(sample: bytes, best: Any) -> str:
    """Choose among the Latin-script code pages when charset-normalizer guessed one.

    charset-normalizer scores short Western text about the same in cp1252,
    cp1250 and cp1257 (all read "é" alike) and then returns whichever it
    ranks first, turning "à" into "ŕ" or "ą".  When its best guess is a
    Latin code page, every Latin code page that decodes the sample competes:
    fewest misread characters (:func:`_misread_score`) first, then the best
    fit of the accented letters to one language (:func:`_language_fit`),
    then the order of ``_LATIN_PAGES`` (cp1252 first: the common Windows
    default).  Other guesses (Cyrillic, Greek, multi-byte) are kept.
    """
    guess = str(best.encoding)
    if _codec(guess) not in {_codec(n) for n in _LATIN_PAGES}:
        return guess
    head = sample[:16384]
    ranked: list[tuple[int, float, int, str]] = []
    for rank, name in enumerate(_LATIN_PAGES):
        try:
            text = head.decode(name)
        except UnicodeDecodeError:
            continue
        ranked.append((_misread_score(text), -round(_language_fit(text), 3), rank, name))
    return min(ranked)[3] if ranked else guess


def _check_text(text: str) -> str:
    """``text``, unless it is mostly control characters (binary read as text)."""
    head = text[:10000]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in head or controls > 0.01 * len(head):
        raise _SkipFile("binary", "binary file (control characters); not a text article")
    return text


def discover(paths: Sequence[str | os.PathLike[str]]) -> list[Source]:
    """List the input files under ``paths`` with their document ids.

    Folders are walked recursively (hidden entries skipped) for
    ``.txt``/``.md`` articles and ``.jsonl``/``.csv`` tables; a file given
    directly is taken whatever its suffix.  Ids are paths relative to the
    given folder with ``/`` separators.

    Raises
    ------
    InputError
        A path does not exist, or no input file was found at all.
    """
    if not paths:
        raise InputError("no input given; pass one or more files or folders of articles")
    sources: list[Source] = []
    for raw in paths:
        root = Path(raw)
        if not root.exists():
            raise InputError(f"{str(raw)!r} does not exist; check the path")
        if root.is_file():
            sources.append(Source(str(root), root.name, root.parent.name or None))
            continue
        if not root.is_dir():
            raise InputError(f"{str(raw)!r} is not a file or folder")
        found = []
        base = os.path.normpath(str(root))
        root_name = os.path.basename(os.path.abspath(base)) or None
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            rel_dir = os.path.relpath(dirpath, base)
            prefix = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
            folder = os.path.basename(dirpath) if prefix else root_name
            for name in sorted(filenames):
                if name.startswith(".") or not name.lower().endswith(TEXT_SUFFIXES + TABLE_SUFFIXES):
                    continue
                found.append(Source(os.path.join(dirpath, name), prefix + name, folder))
        if not found:
            raise InputError(
                f"no articles in {str(raw)!r}: it has no .txt, .md, .jsonl or .csv files; "
                "pass a folder of articles"
            )
        sources.extend(found)
    return sources


def _clean_field(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def document_from_text(
    text: str,
    *,
    id: str,
    folder: str | None = None,
    source: str | None = None,
    encoding: str | None = None,
    fields: dict[str, Any] | None = None,
) -> Document:
    """Build a :class:`Document` from article text and optional metadata fields.

    Metadata given in ``fields`` (``title``, ``outlet``, ``date``, ``url``)
    wins over what is recovered from the text.  The outlet falls back from
    the URL's site to the agency in the byline to the folder name.

    Examples
    --------
    >>> doc = document_from_text("By Reuters\\n\\nShares rose on Monday.", id="x")
    >>> doc.outlet, doc.paragraphs
    ('Reuters', ['Shares rose on Monday.'])
    """
    fields = fields or {}
    art = parse_article(text)
    title = _clean_field(fields.get("title")) or art.title
    url = _clean_field(fields.get("url")) or art.url
    date = None
    date_source = None
    raw_date = _clean_field(fields.get("date"))
    if raw_date:
        date = parse_date(raw_date)
        if date is None:
            try:
                import pandas as pd

                stamp = pd.Timestamp(raw_date)
                date = None if pd.isna(stamp) else stamp.date().isoformat()
            except (ValueError, TypeError, OverflowError):
                date = None
        date_source = "field" if date else None
    if date is None:
        date, date_source = art.date, art.date_source
    outlet = _clean_field(fields.get("outlet"))
    if outlet is None and url:
        outlet = outlet_from_url(url)
    if outlet is None:
        outlet = art.agency or folder
    return Document(
        id=id,
        paragraphs=art.paragraphs,
        title=title,
        outlet=outlet,
        date=date,
        url=url,
        author=art.author,
        agency=art.agency,
        date_source=date_source,
        source=source,
        encoding=encoding,
        headings=art.headings,
        captions=art.captions,
    )


def _rows_jsonl(text: str, path: str) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, None, f"line {n} is not JSON ({exc.msg}); fix or remove that line"
            continue
        if not isinstance(row, dict):
            yield n, None, f"line {n} is not a JSON object; each line must be {{\"id\": ..., \"text\": ...}}"
            continue
        yield n, row, None


def _rows_csv(text: str, path: str) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    import io

    import pandas as pd

    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _SkipFile("bad-table", f"not a readable CSV ({str(exc).splitlines()[0]})") from None
    missing = {"id", "text"} - set(frame.columns)
    if missing:
        raise _SkipFile(
            "bad-table",
            f"CSV lacks column(s) {', '.join(sorted(missing))}; a table needs 'id' and 'text' columns",
        )
    for n, row in enumerate(frame.to_dict(orient="records"), start=2):
        yield n, {str(k): v for k, v in row.items()}, None


def load_source(
    source: Source,
    *,
    encoding: str | None = None,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
) -> tuple[list[Document], list[Skipped]]:
    """Read one input file into documents; problems become :class:`Skipped` entries.

    Never raises for bad content: a text file that cannot be read yields
    one ``Skipped``; a JSONL/CSV row without ``id`` or ``text`` yields one
    ``Skipped`` for that row and the other rows go on.
    """
    path = source.path
    is_table = path.lower().endswith(TABLE_SUFFIXES)
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if not is_table and size > max_file_mb * 1_000_000:
                raise _SkipFile(
                    "too-large",
                    f"{size / 1e6:.1f} MB is more than one article (--max-file-mb {max_file_mb:g}); "
                    "split it, or raise --max-file-mb",
                )
            data = fh.read()
        text, used = decode_bytes(data, encoding=encoding)
        if not text or text.isspace():
            raise _SkipFile("empty", "empty file")
    except _SkipFile as exc:
        return [], [Skipped(path, exc.reason, exc.kind)]
    except OSError as exc:
        return [], [Skipped(path, f"cannot read ({exc.strerror}); check permissions", "unreadable")]

    if not is_table:
        doc = document_from_text(text, id=source.id, folder=source.folder, source=path, encoding=used)
        if not doc.paragraphs:
            return [], [Skipped(path, "no article text left after removing boilerplate", "empty")]
        return [doc], []

    docs: list[Document] = []
    skipped: list[Skipped] = []
    try:
        rows = _rows_csv(text, path) if path.lower().endswith(".csv") else _rows_jsonl(text, path)
        for n, row, problem in rows:
            where = f"{path}:{n}"
            if row is None:
                skipped.append(Skipped(where, problem or "unreadable row", "bad-row"))
                continue
            rid = _clean_field(row.get("id"))
            body = row.get("text")
            if rid is None or not isinstance(body, str) or not body.strip():
                what = "id" if rid is None else "text"
                skipped.append(Skipped(where, f"row has no {what!r}; every row needs 'id' and 'text'", "bad-row"))
                continue
            doc = document_from_text(body, id=rid, folder=source.folder, source=where, encoding=used, fields=row)
            if not doc.paragraphs:
                skipped.append(Skipped(where, "no article text left after removing boilerplate", "empty"))
                continue
            docs.append(doc)
    except _SkipFile as exc:
        return docs, [*skipped, Skipped(path, exc.reason, exc.kind)]
    return docs, skipped


def _load_many(
    sources: Sequence[Source], encoding: str | None, max_file_mb: float
) -> list[tuple[list[Document], list[Skipped]]]:
    return [load_source(s, encoding=encoding, max_file_mb=max_file_mb) for s in sources]


def _chunks(items: Sequence[Source], size: int) -> Iterator[Sequence[Source]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def read_corpus(
    paths: Sequence[str | os.PathLike[str]],
    *,
    encoding: str | None = None,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    workers: int = 1,
    on_progress: Callable[[int, int], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> Corpus:
    """Read every article under ``paths``.

    Parameters
    ----------
    paths
        Files and folders (walked recursively).
    encoding
        Force one codec for every file instead of detecting each.
    max_file_mb
        A ``.txt``/``.md`` file larger than this is skipped (it is not one
        article); JSONL and CSV tables have no limit.
    workers
        Processes to read with; ``1`` reads in this process.
    on_progress
        Called with ``(files_done, files_total)``.
    on_skip
        Called for every skipped file or row, as it happens.

    Returns
    -------
    Corpus
        Documents in input order with unique ids, and the skipped entries.

    Raises
    ------
    InputError
        A path does not exist or holds no input files.
    """
    sources = discover(paths)
    corpus = Corpus()
    done = 0
    batches = list(_chunks(sources, 64))
    if workers > 1 and len(sources) > 64:
        pool = ProcessPoolExecutor(max_workers=workers)
        try:
            for batch, batch_results in zip(
                batches, pool.map(_load_many, batches, [encoding] * len(batches), [max_file_mb] * len(batches))
            ):
                _collect(corpus, batch_results, on_skip)
                done += len(batch)
                if on_progress:
                    on_progress(done, len(sources))
        finally:
            pool.shutdown(cancel_futures=True)
    else:
        for batch in batches:
            _collect(corpus, _load_many(batch, encoding, max_file_mb), on_skip)
            done += len(batch)
            if on_progress:
                on_progress(done, len(sources))
    _make_ids_unique(corpus)
    return corpus


def _collect(
    corpus: Corpus,
    results: Iterable[tuple[list[Document], list[Skipped]]],
    on_skip: Callable[[Skipped], None] | None,
) -> None:
    for docs, skipped in results:
        corpus.documents.extend(docs)
        for s in skipped:
            corpus.skipped.append(s)
            if on_skip:
                on_skip(s)


def _make_ids_unique(corpus: Corpus) -> None:
    seen: dict[str, int] = {}
    for doc in corpus.documents:
        if doc.id in seen:
            seen[doc.id] += 1
            new = f"{doc.id}#{seen[doc.id]}"
            while new in seen:
                seen[doc.id] += 1
                new = f"{doc.id}#{seen[doc.id]}"
            corpus.warnings.append(f"duplicate id {doc.id!r} from {doc.source}; renamed {new!r}")
            doc.id = new
            seen[new] = 1
        else:
            seen[doc.id] = 1
