"""Build script for the optional compiled twins; the project itself is described in ``pyproject.toml``.

* ``dedup.near._fasthash`` (C): shingle hashing, sketches, LSH buckets and exact verification.
* ``dedup.ingest._article_native`` (mypyc): a copy of ``dedup/ingest/article.py`` compiled, with the
  SHA-256 of the text it was made from (``article.py`` and the dedup modules it imports), so that
  :func:`dedup.ingest.article.compiled_twin` uses it only where those files still hold that text.  The
  copy is written next to ``article.py`` for mypyc and removed once mypyc has written its C code.

Both are optional at run time: without a C compiler, or without mypyc (``DEDUP_NO_MYPYC=1`` skips it),
the build goes on without them and dedup runs the same code in Python and numpy, with the same results.
mypy is a build requirement in ``pyproject.toml``, so an isolated build (pip's default) needs it from
the package index; offline, ``DEDUP_NO_MYPYC=1 pip install --no-build-isolation -e .`` builds without it.
mypyc runs when ``build_ext`` is prepared for a build (about 45 s), not in pip's metadata steps.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
ARTICLE = Path("dedup", "ingest", "article.py")
TWIN = Path("dedup", "ingest", "_article_native.py")
# article.py and the dedup modules it imports: dedup.ingest.article.TWIN_SOURCES (a test keeps them equal)
TWIN_SOURCES = ("ingest/article.py", "display.py", "lexicon.py")


def fasthash() -> list[Extension]:
    return [Extension("dedup.near._fasthash", sources=["dedup/near/_fasthash.c"], optional=True)]


def article_twin() -> list[Extension]:
    if os.environ.get("DEDUP_NO_MYPYC"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("dedup: mypyc is not installed; article cleaning stays in Python", file=sys.stderr)
        return []
    (ROOT / TWIN).unlink(missing_ok=True)  # a copy left by a build that was killed
    source = (ROOT / ARTICLE).read_bytes()
    stamp = hashlib.sha256()  # dedup.ingest.article.twin_stamp
    for name in TWIN_SOURCES:
        stamp.update((ROOT / "dedup" / name).read_bytes())
    digest = stamp.hexdigest()
    twin = ROOT / TWIN
    twin.write_bytes(source + f'\n\nSOURCE_SHA256 = "{digest}"\n'.encode())
    try:
        # Errors in the modules the twin imports are not the build's business (the package's own mypy check
        # covers them) and depend on what else is installed: pandas without pandas-stubs, on a fresh machine,
        # failed the build.  Their types are still read; errors in the twin itself still stop it.
        extensions: list[Extension] = mypycify(
            ["--follow-imports=silent", str(TWIN)], opt_level="3", debug_level="0"
        )
    except (Exception, SystemExit) as exc:  # mypyc exits on a type error
        print(f"dedup: mypyc could not compile {ARTICLE} ({exc}); it stays in Python", file=sys.stderr)
        return []
    finally:
        twin.unlink(missing_ok=True)
    for ext in extensions:
        ext.optional = True  # type: ignore[attr-defined]
    return extensions


# Commands that only write metadata: build_ext is prepared there but never run.
METADATA_COMMANDS = {"egg_info", "dist_info", "sdist"}


class BuildExt(build_ext):
    """``build_ext`` that compiles the article twin too (mypyc runs when the command is prepared: setuptools
    sets up each extension there)."""

    def finalize_options(self) -> None:
        modules = self.distribution.ext_modules
        # pip's metadata steps (egg_info, dist_info) prepare build_ext too, to list sources for the manifest;
        # mypyc is left out of them, so that it runs once an install, not in every step (45 s each).
        metadata_only = set(self.distribution.commands) <= METADATA_COMMANDS
        if not metadata_only and not any(ext.name.startswith("dedup.ingest._article_native") for ext in modules):
            cwd = os.getcwd()
            os.chdir(ROOT)  # mypyc names modules by their path
            try:
                modules.extend(article_twin())
            finally:
                os.chdir(cwd)
        super().finalize_options()


setup(ext_modules=fasthash(), cmdclass={"build_ext": BuildExt})
