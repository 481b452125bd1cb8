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

import fnmatch
import json
import math
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from itertools import takewhile
from pathlib import Path
from typing import Any, NamedTuple

from dedup.errors import InputError
from dedup.ingest.article import outlet_from_url, parse_article, parse_date
from dedup.model import Document, Skipped

__all__ = [
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "Corpus",
    "Decoded",
    "ReadOptions",
    "Source",
    "date_from_field",
    "decode_bytes",
    "decode_text",
    "discover",
    "document_from_text",
    "iter_sources",
    "load_source",
    "read_corpus",
    "reading_options",
    "scrub",
]

TEXT_SUFFIXES = (".txt", ".md", ".text")
TABLE_SUFFIXES = (".jsonl", ".ndjson", ".csv")
_INPUT_SUFFIXES = TEXT_SUFFIXES + TABLE_SUFFIXES
DEFAULT_MAX_FILE_MB = 10.0
_SINGLE_BYTE = [
    "cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r",
    "iso8859_5", "cp1253", "iso8859_7", "cp1254", "iso8859_9", "cp1257", "mac_roman",
]


@dataclass(frozen=True)
class Source:
    """One input file and the id (or id prefix) its documents get.

    ``path`` is the file system path (it may hold surrogate escapes from an
    undecodable file name); ``id`` and ``folder`` are always valid Unicode.
    ``skip`` is ``(kind, reason)`` when :func:`discover` already knows the
    file is not to be read (a documentation file, a symbolic link loop):
    :func:`load_source` then reports it as skipped.  ``clean`` asks for
    JSONL/CSV record text to be cleaned like a scraped copy.
    """

    path: str
    id: str
    folder: str | None
    skip: tuple[str, str] | None = None
    clean: bool = False


@dataclass(frozen=True)
class ReadOptions:
    """How :func:`discover` picks and marks input files (see :func:`reading_options`)."""

    exclude: tuple[str, ...] = ()
    clean_records: bool = False


_OPTIONS: ContextVar[ReadOptions | None] = ContextVar("dedup_read_options", default=None)


@contextmanager
def reading_options(*, exclude: Iterable[str] = (), clean_records: bool = False) -> Iterator[ReadOptions]:
    """Set the :class:`ReadOptions` for every :func:`discover` call made inside the block.

    The command line uses this to pass ``--exclude`` and
    ``--clean-records`` to whichever runner (local, Dask, batch) reads the
    corpus; library callers can pass the same options to :func:`discover`
    directly.

    Examples
    --------
    >>> with reading_options(exclude=["drafts/*"]) as opts:
    ...     opts.exclude
    ('drafts/*',)
    """
    token = _OPTIONS.set(ReadOptions(tuple(exclude), clean_records))
    try:
        yield _current_options()
    finally:
        _OPTIONS.reset(token)


def _current_options() -> ReadOptions:
    return _OPTIONS.get() or ReadOptions()


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(text: str) -> tuple[str, int]:
    """``text`` with every lone surrogate replaced by U+FFFD, and how many there were.

    Lone surrogates come from JSON escapes (``"\\ud800"``) and from file
    names that are not valid UTF-8 (``os.fsdecode`` keeps their bytes as
    surrogates); they cannot be written as UTF-8.

    Examples
    --------
    >>> scrub("a \\ud800 b")
    ('a \\ufffd b', 1)
    >>> scrub("fine")
    ('fine', 0)
    """
    if text.isascii():
        return text, 0
    return _SURROGATE.subn("\ufffd", text)


def display_path(path: str) -> str:
    """``path`` made printable and writable as UTF-8 (undecodable bytes become U+FFFD)."""
    return scrub(path)[0]


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
        return f"{len(self.skipped)} skipped ({_count_kinds(s.kind for s in self.skipped)})"


def _count_kinds(kinds: Iterable[str]) -> str:
    """``"2 empty, 1 binary"``: how many of each kind of skip, in the order of the kinds' names."""
    return ", ".join(f"{n} {kind}" for kind, n in sorted(Counter(kinds).items()))


class SkipFile(Exception):
    """A file or record that cannot be read: skipped with its ``kind`` and a one-line ``reason``."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


class Decoded(NamedTuple):
    """Decoded file content: the text, the codec used, and how many bytes were replaced."""

    text: str
    encoding: str
    replaced: int = 0


# Well-formed multi-byte UTF-8 sequences (RFC 3629: no overlongs, no surrogates).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _mostly_utf8(data: bytes) -> Decoded | None:
    """``data`` read as UTF-8 with its invalid bytes replaced, if it is UTF-8 with a few bad bytes.

    A file in a single-byte code page (cp1252, latin-1) holds almost no
    well-formed multi-byte UTF-8 sequences: every accented letter is one
    byte that UTF-8 rejects.  A UTF-8 file with a few damaged bytes holds
    many (random bytes hold about one for every seven invalid ones).  The
    file is taken as UTF-8 when its valid multi-byte sequences are at least
    half as many as its invalid bytes.
    """
    valid_bytes = 0
    valid = 0
    for match in _UTF8_MULTIBYTE.finditer(data):
        valid += 1
        valid_bytes += match.end() - match.start()
    high = len(data) - len(data.translate(None, bytes(range(128, 256))))
    invalid = high - valid_bytes
    if not valid or 2 * valid < invalid:
        return None
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    return Decoded(body.decode("utf-8", errors="replace"), "utf-8", invalid)


def decode_text(data: bytes, *, encoding: str | None = None) -> Decoded:
    """Decode file content, detecting its encoding when none is given.

    UTF-8 (with or without BOM) is tried first.  UTF-8 with a few invalid
    bytes is read as UTF-8 with those bytes replaced by U+FFFD (counted in
    :attr:`Decoded.replaced`, so that the reader can say so); only a file
    with no valid multi-byte UTF-8 at all goes to charset-normalizer (a
    single-byte code page such as cp1252).  Binary content (NUL bytes, or
    no plausible text encoding) raises.

    Parameters
    ----------
    data
        Raw file bytes.
    encoding
        Force this codec instead of detecting one.

    Returns
    -------
    Decoded
        The text, the name of the encoding used, and the number of invalid
        bytes replaced.

    Examples
    --------
    >>> decode_text("“Quoted” — café".encode() + b"\\x81").replaced
    1
    >>> decode_text("“Quoted” — café".encode() + b"\\x81").text
    '“Quoted” — café\\ufffd'
    >>> decode_text("Déjà vu à Genève".encode("cp1252"))
    Decoded(text='Déjà vu à Genève', encoding='cp1252', replaced=0)
    """
    if encoding:
        try:
            return Decoded(_check_text(data.decode(encoding)), encoding)
        except LookupError:
            raise SkipFile(
                "bad-encoding", f"unknown encoding {encoding!r}; pass a codec name such as --encoding latin-1"
            ) from None
        except UnicodeDecodeError as exc:
            raise SkipFile(
                "undecodable",
                f"not valid {encoding} (byte {exc.start}); drop --encoding to detect the encoding",
            ) from None
    if not data.strip():
        raise SkipFile("empty", "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            pass
    sample = data[:65536]
    if b"\x00" in sample:
        raise SkipFile("binary", "binary file (contains NUL bytes); not a text article")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    repaired = _mostly_utf8(data)
    if repaired is not None:
        return Decoded(_check_text(repaired.text), repaired.encoding, repaired.replaced)
    from charset_normalizer import from_bytes

    sample = data[:1_000_000]
    high = sum(sample.count(bytes([b])) for b in range(128, 256))
    # Mostly-ASCII text with a few high bytes is a Western single-byte
    # encoding; do not let a short sample be read as a CJK multi-byte one.
    isolate = _SINGLE_BYTE if high < 0.3 * len(sample) else None
    best = from_bytes(sample, cp_isolation=isolate).best()
    if best is None:
        raise SkipFile(
            "undecodable",
            "cannot detect a text encoding; pass --encoding NAME (for example latin-1) if it is text",
        )
    name = _preferred_encoding(sample, best)
    try:
        text = data.decode(name)
    except (UnicodeDecodeError, LookupError):
        raise SkipFile("undecodable", f"bytes do not decode as detected {name}; pass --encoding NAME") from None
    return Decoded(_check_text(text), name)


def decode_bytes(data: bytes, *, encoding: str | None = None) -> tuple[str, str]:
    """Decode file content, detecting its encoding when none is given (see :func:`decode_text`).

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
    decoded = decode_text(data, encoding=encoding)
    return decoded.text, decoded.encoding


def replaced_note(replaced: int, where: str) -> str:
    """The warning for ``replaced`` invalid UTF-8 bytes in ``where``.

    Examples
    --------
    >>> replaced_note(3, "a.txt")
    '3 invalid UTF-8 bytes replaced in a.txt; pass --encoding cp1252 if it is not UTF-8'
    """
    what = "byte" if replaced == 1 else "bytes"
    return f"{replaced} invalid UTF-8 {what} replaced in {where}; pass --encoding cp1252 if it is not UTF-8"


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
        raise SkipFile("binary", "binary file (control characters); not a text article")
    return text


# Files that document a folder rather than report news: README.TXT, LICENSE,
# CHANGELOG.md, NOTICE, COPYING... (matched on the name before its first dot).
DOC_FILE_NAMES = frozenset(
    {
        *("readme", "license", "licence", "copying", "copyright", "notice", "notices", "changelog", "changes"),
        *("history", "news", "authors", "contributors", "contributing", "code_of_conduct", "security"),
        *("install", "manifest", "todo", "citation", "third_party_notices", "thirdpartynotices", "patents"),
    }
)


_DOC_FILE_SKIP = (
    "documentation",
    "a documentation file (by its name), not an article; pass the file itself to read it, "
    "or --exclude to silence this",
)


def _is_doc_file(name: str) -> bool:
    stem = name.split(".", 1)[0].lower().replace("-", "_")
    return stem in DOC_FILE_NAMES


def _special_file(entry: os.DirEntry[str]) -> tuple[str, str] | None:
    """Why a named pipe, socket or device inside a folder is not read (opening a pipe waits for a writer,
    a device may never end; given by name, one is refused like any path that is not a file or folder);
    ``None`` for anything else (a broken link is reported when it is read)."""
    try:
        if entry.is_file():  # the directory entry's type: no system call for a plain file
            return None
        mode = entry.stat().st_mode
    except OSError:  # a link loop (ELOOP): reported when it is read
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return "unreadable", f"{kind}, not a regular file; save what it holds to a file to read it"


def _excluded(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def discover(
    paths: Sequence[str | os.PathLike[str]],
    *,
    exclude: Sequence[str] | None = None,
    clean_records: bool | None = None,
) -> list[Source]:
    """List the input files under ``paths`` with their document ids.

    Folders are walked recursively (hidden entries skipped) for
    ``.txt``/``.md`` articles and ``.jsonl``/``.csv`` tables; a file given
    directly is taken whatever its suffix.  Ids are paths relative to the
    given folder with ``/`` separators.  Symbolic links to folders are
    followed, each real folder once: a link back to a folder already being
    read (a loop) or already read is reported as skipped.  Documentation
    files (``README``, ``LICENSE``, ``CHANGELOG``...: :data:`DOC_FILE_NAMES`,
    any case and suffix) inside a folder are skipped with a note; pass the
    file itself to read it.

    Parameters
    ----------
    paths
        Files and folders.
    exclude
        Glob patterns (``fnmatch``; ``*`` also matches ``/``): a file or
        folder inside a given folder whose name or path relative to that
        folder matches one is not read.  Default: the
        :func:`reading_options` in effect.
    clean_records
        Clean JSONL/CSV record text like a scraped copy (headline, byline
        and boilerplate removed).  Default: the :func:`reading_options` in
        effect (``False``).

    Raises
    ------
    InputError
        A path does not exist (every path is checked before any folder is
        read), or a folder holds no input file.
    """
    return list(iter_sources(paths, exclude=exclude, clean_records=clean_records))


def iter_sources(
    paths: Sequence[str | os.PathLike[str]],
    *,
    exclude: Sequence[str] | None = None,
    clean_records: bool | None = None,
) -> Iterator[Source]:
    """:func:`discover`'s sources one by one, in the same order, as the folders are read.

    A runner can start reading the first files while the rest are being
    listed.  The paths are checked (and the :func:`reading_options` taken)
    when this is called; a folder with no input files raises
    :class:`InputError` once it has been walked, after the sources found
    in it (all of them skipped ones) have been yielded.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in ("b.txt", "a.md", "README.md", "notes.pdf"):
    ...     _ = (folder / name).write_text("Some text.", encoding="utf-8")
    >>> [(s.id, s.skip is None) for s in iter_sources([folder])]
    [('README.md', False), ('a.md', True), ('b.txt', True)]
    """
    options = _current_options()
    patterns = tuple(options.exclude if exclude is None else exclude)
    clean = options.clean_records if clean_records is None else clean_records
    if not paths:
        raise InputError("no input given; pass one or more files or folders of articles")
    roots: list[tuple[str | os.PathLike[str], Path, bool]] = []
    for raw in paths:
        root = Path(raw)
        if not root.exists():
            why = "is a broken symbolic link" if root.is_symlink() else "does not exist"
            raise InputError(f"{str(raw)!r} {why}; check the path")
        is_file = root.is_file()
        if not is_file and not root.is_dir():
            raise InputError(f"{str(raw)!r} is not a file or folder")
        roots.append((raw, root, is_file))
    return _sources(roots, patterns, clean)


def _sources(
    roots: Sequence[tuple[str | os.PathLike[str], Path, bool]], patterns: tuple[str, ...], clean: bool
) -> Iterator[Source]:
    for raw, root, is_file in roots:
        if is_file:
            yield Source(str(root), scrub(root.name)[0], scrub(root.parent.name)[0] or None, clean=clean)
            continue
        readable = False
        skipped_kinds: list[str] = []
        for source in _walk(root, patterns, clean):
            if source.skip is None:
                readable = True
            else:
                skipped_kinds.append(source.skip[0])
            yield source
        if not readable:
            but = f" (excluded by --exclude {' '.join(patterns)})" if patterns else ""
            skipped = f"; skipped {len(skipped_kinds)}: {_count_kinds(skipped_kinds)}" if skipped_kinds else ""
            raise InputError(
                f"no articles in {str(raw)!r}: it has no .txt, .md, .jsonl or .csv files{but}{skipped}; "
                "pass a folder of articles"
            )


def _walk(root: Path, patterns: Sequence[str], clean: bool) -> Iterator[Source]:
    """The input files under the folder ``root``, following symbolic links to folders once each, folder by folder."""
    found: list[Source] = []
    base = os.path.normpath(str(root))
    root_name = scrub(os.path.basename(os.path.abspath(base)))[0] or None
    seen: dict[tuple[int, int], str] = {}  # (st_dev, st_ino) of each folder read -> its relative path
    # Linked folders are read after the real tree, so that a folder that is
    # both linked and present keeps its own path as the id.
    linked: list[tuple[str, str]] = []

    def visit(dirpath: str, rel_dir: str) -> list[tuple[str, str]]:
        """Read one folder's files into ``found``; returns its subfolders to read, in order."""
        try:
            info = os.stat(dirpath)
        except OSError as exc:
            found.append(Source(dirpath, scrub(rel_dir)[0], None, skip=("unreadable", _os_reason(exc, folder=True))))
            return []
        key = (info.st_dev, info.st_ino)
        if key in seen:
            first = repr(scrub(seen[key])[0]) if seen[key] else f"the folder given ({str(root)!r})"
            if not seen[key] or rel_dir.startswith(seen[key] + "/"):
                kind = "symlink-loop"
                why = f"symbolic link loop: it leads back to {first}, which contains it; nothing under it is read again"
            else:
                kind = "symlink-repeat"
                why = f"a symbolic link to {first}, which is read already; nothing under it is read twice"
            found.append(Source(dirpath, scrub(rel_dir)[0], None, skip=(kind, why)))
            return []
        seen[key] = rel_dir
        try:
            with os.scandir(dirpath) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            found.append(Source(dirpath, scrub(rel_dir)[0], None, skip=("unreadable", _os_reason(exc, folder=True))))
            return []
        prefix = scrub(rel_dir)[0] + "/" if rel_dir else ""
        folder = scrub(os.path.basename(dirpath))[0] if rel_dir else root_name
        subdirs: list[os.DirEntry[str]] = []
        for entry in entries:  # once per file of the corpus: the cheap tests first
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()  # follows symbolic links
            except OSError:
                is_dir = False
            if is_dir:
                if patterns and _excluded(prefix + scrub(name)[0], name, patterns):
                    continue
                if entry.is_symlink():
                    linked.append((entry.path, prefix + name))
                else:
                    subdirs.append(entry)
                continue
            if not name.lower().endswith(_INPUT_SUFFIXES):
                continue
            rel = prefix + scrub(name)[0]
            if patterns and _excluded(rel, name, patterns):
                continue
            skip = _DOC_FILE_SKIP if _is_doc_file(name) else _special_file(entry)
            found.append(Source(entry.path, rel, folder, skip, clean))
        return [(entry.path, prefix + entry.name) for entry in subdirs]

    def read_tree(start: tuple[str, str]) -> Iterator[Source]:
        # depth first, in name order, as a recursion would read it (a recursive closure would be a reference
        # cycle holding every Source found until the garbage collector ran); each folder's files as it is read
        stack = [start]
        while stack:
            stack.extend(reversed(visit(*stack.pop())))
            yield from found
            found.clear()

    yield from read_tree((base, ""))
    while linked:
        yield from read_tree(linked.pop(0))


def _os_reason(exc: OSError, *, folder: bool = False) -> str:
    """Why a file or folder could not be read, with the fix that fits the error."""
    import errno

    what = "folder" if folder else "file"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (the link points back to itself); remove or fix the link"
    if exc.errno == errno.ENOENT:
        return f"the {what} is gone or is a broken symbolic link; check the path"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"cannot read ({exc.strerror}); check permissions"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    return f"cannot read ({exc.strerror or exc})"


def _clean_field(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


_LONGEST_DATE_FIELD = 100
"""Characters; longer date fields are read for a date as text is ("Wednesday, December 8, 2021, 10:00 a.m.
Eastern Standard Time" has 63)."""


def date_from_field(value: str) -> str | None:
    """The calendar date a metadata field gives, as ISO 8601; ``None`` unless it names a whole date.

    Dates as :func:`dedup.ingest.article.parse_date` reads them in text ("Dec. 8, 2021", ISO 8601), then
    the numeric and feed forms of metadata ("12/08/2021" month first, "2021/12/08", "20211208", RFC 2822
    "Wed, 08 Dec 2021 10:00:00 +0000") through dateutil.  A field that leaves out the day, the month or
    the year ("2021", "December 2021", "Dec 8"), a word ("today", "Monday") and a year outside 1900-2099
    (a database's placeholder "0001-01-01") give ``None``: the date is then read from the article's text,
    as for a record without the field.  A made-up day would pick the wrong original of a family and put
    articles in the wrong story window.

    Examples
    --------
    >>> date_from_field("Wed, 08 Dec 2021 10:00:00 +0000"), date_from_field("12/08/2021")
    ('2021-12-08', '2021-12-08')
    >>> [date_from_field(v) for v in ("2021", "December 2021", "Dec 8", "today", "0001-01-01")]
    [None, None, None, None, None]
    """
    iso = parse_date(value)
    if iso is not None or len(value) > _LONGEST_DATE_FIELD:  # dateutil takes seconds on a long field
        return iso
    import warnings
    from datetime import datetime

    from dateutil import parser

    # parsed twice, with defaults that differ in every part: a part the field leaves out shows as a difference
    try:
        with warnings.catch_warnings():  # "tzname EST identified but not understood": the day is still right
            warnings.simplefilter("ignore")
            one = parser.parse(value, default=datetime(1904, 1, 1)).date()
            two = parser.parse(value, default=datetime(1908, 2, 2)).date()
    except (ValueError, OverflowError):  # dateutil's ParserError is a ValueError
        return None
    return one.isoformat() if one == two and 1900 <= one.year <= 2099 else None


def document_from_text(
    text: str,
    *,
    id: str,
    folder: str | None = None,
    source: str | None = None,
    encoding: str | None = None,
    fields: dict[str, Any] | None = None,
    clean: bool = True,
) -> Document:
    """Build a :class:`Document` from article text and optional metadata fields.

    Metadata given in ``fields`` (``title``, ``outlet``, ``date``, ``url``)
    wins over what is recovered from the text.  The outlet falls back from
    the URL's site to the agency in the byline to the folder name.  With
    ``clean=False`` every line of ``text`` stays in the paragraphs (see
    :func:`dedup.ingest.article.parse_article`).

    Examples
    --------
    >>> doc = document_from_text("By Reuters\\n\\nShares rose on Monday.", id="x")
    >>> doc.outlet, doc.paragraphs
    ('Reuters', ['Shares rose on Monday.'])
    >>> document_from_text("Markets Rally On Hopes", id="y", clean=False).paragraphs
    ['Markets Rally On Hopes']
    """
    fields = fields or {}
    art = parse_article(text, clean=clean)
    title = _clean_field(fields.get("title")) or art.title
    url = _clean_field(fields.get("url")) or art.url
    date = None
    date_source = None
    raw_date = _clean_field(fields.get("date"))
    if raw_date:
        date = date_from_field(raw_date)
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
    # lines end at \n alone (JSON Lines): str.splitlines also breaks at U+2028, U+0085 and other characters a
    # JSON string may hold as they are, which cut a valid record in two (a file with \r alone ends lines at \r)
    for n, line in enumerate(text.split("\n" if "\n" in text or "\r" not in text else "\r"), start=1):
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
    """The rows of a CSV table, each numbered by the line it starts on, or why a row cannot be read.

    The first row that is not blank names the columns (of two with one name the first counts); a row may
    have fewer fields (the rest are empty) or empty fields past the last column (a delimiter at the end of
    each line), but a row with more values than columns, or one that is not valid CSV, is skipped alone.  A
    quote never closed makes the rest of the file one field: the rows from there on are skipped, with one
    message.  Blank lines, and lines of white space alone, are left out.

    Raises
    ------
    SkipFile
        No header, or no ``id`` or ``text`` column.

    Examples
    --------
    >>> for n, row, why in _rows_csv('id,text\\n1,"two\\nlines",\\n2,a,EXTRA\\n\\n3,b\\n', "t.csv"):
    ...     print(n, row, why)
    2 {'id': '1', 'text': 'two\\nlines'} None
    4 None line 4 has 3 values for 2 columns; fix or remove that row
    6 {'id': '3', 'text': 'b'} None
    """
    import csv
    import io

    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a field may be the whole file (--max-file-mb bounds it)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header: list[str] | None = None
        first_line = 1
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                line, first_line = first_line, reader.line_num + 1
                if header is None:
                    raise SkipFile("bad-table", f"not a readable CSV (line {line}: {exc})") from None
                if "unexpected end of data" in str(exc):
                    yield line, None, (
                        f"a quote opened on line {line} is never closed, so the rest of the file is one field; "
                        "the rows from there on are skipped: close the quote"
                    )
                    break
                yield line, None, f"line {line} is not valid CSV ({exc}); fix or remove that row"
                continue
            line, first_line = first_line, reader.line_num + 1
            if len(record) < 2 and not "".join(record).strip():  # a blank line, or white space alone
                continue
            if header is None:
                header = [record[0].removeprefix("\ufeff"), *record[1:]]
                missing = {"id", "text"} - set(header)
                if missing:
                    raise SkipFile(
                        "bad-table",
                        f"CSV lacks column(s) {', '.join(sorted(missing))}; a table needs 'id' and 'text' columns",
                    )
                continue
            if any(value.strip() for value in record[len(header) :]):
                values = len(record) - sum(1 for _ in takewhile(lambda value: not value.strip(), reversed(record)))
                yield line, None, f"line {line} has {values} values for {len(header)} columns; fix or remove that row"
                continue
            row: dict[str, Any] = {}
            for name, value in zip(header, record + [""] * (len(header) - len(record))):
                row.setdefault(name, value)
            yield line, row, None
        if header is None:
            raise SkipFile("bad-table", "not a readable CSV (no header row); a table needs 'id' and 'text' columns")
    finally:
        csv.field_size_limit(limit)


def _too_large(size: float, max_file_mb: float, what: str) -> str:
    return (
        f"{size / 1e6:.1f} MB is more than one article (--max-file-mb {max_file_mb:g}); "
        f"split {what}, or raise --max-file-mb"
    )


def _record_size(text: str) -> int:
    """The UTF-8 size of ``text`` in bytes (counted only when it can matter)."""
    return len(text.encode("utf-8", "surrogatepass")) if not text.isascii() else len(text)


def _scrub_row(row: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """``row`` with lone surrogates replaced in every string field, and the fields repaired."""
    repaired: list[str] = []
    clean: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, str):
            value, n = scrub(value)
            if n:
                repaired.append(scrub(str(key))[0])
        clean[scrub(str(key))[0]] = value
    return clean, repaired


def _read_bytes(path: str, *, max_file_mb: float | None) -> bytes:
    """The content of the file ``path``; :class:`SkipFile` for a folder or a file over ``max_file_mb``.

    A bare file descriptor: the buffered file object of :func:`open` costs more than reading a
    news article does (2 of 6 microseconds a file).
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if max_file_mb is not None and info.st_size > max_file_mb * 1_000_000:
            raise SkipFile("too-large", _too_large(info.st_size, max_file_mb, "it"))
        if stat.S_ISDIR(info.st_mode):
            raise SkipFile("unreadable", "is a folder, not a file")
        want = info.st_size + 1  # the whole file in one read
        first = os.read(fd, want)
        if len(first) == info.st_size and stat.S_ISREG(info.st_mode):
            return first  # all of a regular file (one byte more was asked for): no second read to find its end
        chunks: list[bytes] = []
        got = 0
        chunk = first
        while chunk:
            chunks.append(chunk)
            got += len(chunk)
            if max_file_mb is not None and got > max_file_mb * 1_000_000:  # a file that grew, a pipe (library use)
                raise SkipFile("too-large", _too_large(got, max_file_mb, "it"))
            # the rest of the file (one read returns at most about 2 GiB), or 64 KiB at a time for a file
            # that grew or whose size the system does not know (/proc)
            want = max(info.st_size + 1 - got, 1 << 16)
            chunk = os.read(fd, want)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


def load_source(
    source: Source,
    *,
    encoding: str | None = None,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
) -> tuple[list[Document], list[Skipped]]:
    """Read one input file into documents; problems become :class:`Skipped` entries.

    Never raises for bad content: a text file that cannot be read yields
    one ``Skipped``; a JSONL/CSV row without ``id`` or ``text``, or whose
    text is larger than ``max_file_mb``, yields one ``Skipped`` for that
    row and the other rows go on.  What was repaired on the way (invalid
    UTF-8 bytes, lone surrogates) is noted in :attr:`Document.notes`.

    In a JSONL/CSV record the ``text`` field is the article as given: it is
    not cleaned of headlines, bylines or boilerplate unless the source asks
    for it (``Source.clean``, ``--clean-records``).
    """
    path = source.path
    shown = display_path(path)
    if source.skip is not None:
        kind, reason = source.skip
        return [], [Skipped(shown, reason, kind)]
    is_table = path.lower().endswith(TABLE_SUFFIXES)
    limit = max_file_mb * 1_000_000
    try:
        data = _read_bytes(path, max_file_mb=None if is_table else max_file_mb)  # a table's rows are limited one by one
        decoded = decode_text(data, encoding=encoding)
        text, used = decoded.text, decoded.encoding
        if not text or text.isspace():
            raise SkipFile("empty", "empty file")
    except SkipFile as exc:
        return [], [Skipped(shown, exc.reason, exc.kind)]
    except OSError as exc:
        return [], [Skipped(shown, _os_reason(exc), "unreadable")]
    file_notes = [replaced_note(decoded.replaced, shown)] if decoded.replaced else []

    if not is_table:
        doc = document_from_text(text, id=source.id, folder=source.folder, source=shown, encoding=used)
        if not doc.paragraphs:
            return [], [Skipped(shown, "no article text left after removing boilerplate", "empty")]
        doc.notes.extend(file_notes)
        return [doc], []

    docs: list[Document] = []
    skipped: list[Skipped] = []
    try:
        rows = _rows_csv(text, path) if path.lower().endswith(".csv") else _rows_jsonl(text, path)
        for n, raw_row, problem in rows:
            where = f"{shown}:{n}"
            if raw_row is None:
                skipped.append(Skipped(where, problem or "unreadable row", "bad-row"))
                continue
            row, repaired = _scrub_row(raw_row)
            rid = _clean_field(row.get("id"))
            body = row.get("text")
            if isinstance(body, (int, float)) and not isinstance(body, bool) and _clean_field(body) is not None:
                body = str(body)
            if rid is None:
                skipped.append(Skipped(where, "row has no 'id'; every row needs 'id' and 'text'", "bad-row"))
                continue
            if body is None or (isinstance(body, str) and not body.strip()):
                what = "no 'text'" if "text" not in row else "an empty 'text'"
                skipped.append(Skipped(where, f"row {rid!r} has {what}; every row needs 'id' and 'text'", "bad-row"))
                continue
            if not isinstance(body, str):
                skipped.append(
                    Skipped(where, f"row {rid!r}: 'text' is a {type(body).__name__}, not a string", "bad-row")
                )
                continue
            if len(body) > limit / 4 and _record_size(body) > limit:
                why = _too_large(_record_size(body), max_file_mb, "the record")
                skipped.append(Skipped(where, f"row {rid!r}: {why}", "too-large"))
                continue
            doc = document_from_text(
                body, id=rid, folder=source.folder, source=where, encoding=used, fields=row, clean=source.clean
            )
            if not doc.paragraphs:
                skipped.append(
                    Skipped(where, f"row {rid!r}: no article text left after removing boilerplate "
                            "(drop --clean-records to keep the text as given)", "empty")
                )
                continue
            if repaired:
                doc.notes.append(
                    f"{where}: row {rid!r}: lone surrogates (invalid \\u escapes) replaced with U+FFFD in "
                    + ", ".join(repr(k) for k in repaired)
                )
            docs.append(doc)
    except SkipFile as exc:
        return docs, [*skipped, Skipped(shown, exc.reason, exc.kind)]
    if docs and file_notes:
        docs[0].notes[:0] = file_notes
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
        from dedup.pool import worker_pool

        pool = worker_pool(workers)
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
    make_ids_unique(corpus)
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


def make_ids_unique(corpus: Corpus) -> None:
    """Give every document a unique id, and move the documents' ingest notes into ``corpus.warnings``.

    A repeated id becomes ``id#2`` (``#3``...), the first suffix taken by
    no other document of the corpus, so that a renamed document never
    takes the id of another one (``dup#2`` given in the input stays
    ``dup#2``).  Every runner calls this once the corpus is assembled.

    Examples
    --------
    >>> from dedup.model import Document
    >>> c = Corpus([Document("dup", ["a"]), Document("dup", ["b"]), Document("dup#2", ["c"])])
    >>> make_ids_unique(c)
    >>> [d.id for d in c.documents]
    ['dup', 'dup#3', 'dup#2']
    """
    for doc in corpus.documents:
        if doc.notes:
            corpus.warnings.extend(doc.notes)
            doc.notes = []
    taken = {doc.id for doc in corpus.documents}
    used: set[str] = set()
    for doc in corpus.documents:
        if doc.id not in used:
            used.add(doc.id)
            continue
        k = 2
        while f"{doc.id}#{k}" in taken:
            k += 1
        new = f"{doc.id}#{k}"
        corpus.warnings.append(f"duplicate id {doc.id!r} from {doc.source}; renamed {new!r}")
        doc.id = new
        taken.add(new)
        used.add(new)
