"""Build hook: the recogniser, the claim readers and the records are compiled with mypyc (the
same code, typed and checked by mypy, turned into C extension modules; about 1.7 times as fast
for the recogniser, 1.3 for the whole pipeline). Everything else is plain Python.

``CROSSCOUNT_COMPILE`` chooses the build of a wheel or an install (``pip install .``):
    unset or "auto"  compiled when this machine has a C compiler and Python's headers, else
                     plain Python, with a warning (``crosscount --version`` says which); also
                     plain, with a warning, when compiling fails;
    "1"              compiled, or the build fails saying why;
    "0"              plain Python (a quicker install).
An editable install (``pip install -e .``) is always plain: compiled modules beside the
sources would run instead of them and go stale as the sources are edited. mypy comes from the
build requirements in pyproject.toml; a build without isolation needs it installed.
"""

import os
import shutil
import sys
import sysconfig
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

# The modules where the time goes (benchmarks/README.md, docs/scale.md), and the records they
# make and read (model: native classes, read by the compiled readers without a dictionary
# lookup; they pickle by their fields, model.Record). The pack stays plain Python.
COMPILED = [
    "src/crosscount/numbers/__init__.py",
    "src/crosscount/numbers/context.py",
    "src/crosscount/numbers/expression.py",
    "src/crosscount/numbers/grammar.py",
    "src/crosscount/numbers/tokens.py",
    "src/crosscount/numbers/vocab.py",
    "src/crosscount/claims/__init__.py",
    "src/crosscount/claims/context.py",
    "src/crosscount/claims/dates.py",
    "src/crosscount/claims/measure.py",
    "src/crosscount/claims/times.py",
    "src/crosscount/claims/what.py",
    "src/crosscount/claims/when.py",
    "src/crosscount/claims/where.py",
    "src/crosscount/claims/who.py",
    "src/crosscount/gate.py",
    "src/crosscount/segment.py",
    "src/crosscount/model.py",
]

# The setup commands that build modules; metadata commands (egg_info, dist_info) need no
# compiling, and mypyc type-checks the modules as soon as it is asked for them.
BUILDING = {"bdist_wheel", "build", "build_ext", "install"}


def _mode() -> str:
    mode = os.environ.get("CROSSCOUNT_COMPILE", "auto").strip().lower() or "auto"
    if mode not in {"auto", "0", "1"}:
        sys.exit(f"CROSSCOUNT_COMPILE={mode!r}: use 1 (compiled), 0 (plain) or auto (the default)")
    return mode


def _missing() -> str | None:
    """What this machine lacks to compile, or None."""
    compiler = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler})"
    headers = Path(sysconfig.get_paths()["include"], "Python.h")
    if not headers.exists():
        return f"no Python headers ({headers}; on Debian: apt-get install python3-dev)"
    try:
        import mypyc.build  # noqa: F401
    except ImportError:
        return "no mypy in the build environment (pip install mypy, or build with isolation)"
    return None


def _plain(reason: str) -> None:
    print(f"warning: crosscount is built as plain Python: {reason}. It runs the same, more "
          "slowly (set CROSSCOUNT_COMPILE=0 to skip compiling).", file=sys.stderr)


def ext_modules() -> list:
    commands = set(sys.argv[1:])
    if "editable_wheel" in commands or not commands & BUILDING:
        return []
    mode = _mode()
    if mode == "0":
        return []
    missing = _missing()
    if missing is not None:
        if mode == "1":
            sys.exit(f"CROSSCOUNT_COMPILE=1, but {missing}")
        _plain(missing)
        return []
    from mypyc.build import mypycify

    try:
        return mypycify(COMPILED, opt_level="3")
    except (Exception, SystemExit) as exc:  # mypy's errors end in SystemExit
        if mode == "1":
            raise
        _plain(f"mypyc could not translate the modules ({exc!r})")
        return []


class BuildExt(build_ext):
    """Builds the compiled modules; where the C compiler fails on them and the build is not
    required compiled, removes what it built and leaves the plain build (the .py files, which
    every build ships)."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # CompileError, LinkError
            if _mode() == "1":
                raise
            for built in self.get_outputs():
                Path(built).unlink(missing_ok=True)
            _plain(f"the C compiler failed ({type(exc).__name__}; its own message is above)")


if __name__ == "__main__":  # as setuptools runs it; the tests import the functions above
    setup(ext_modules=ext_modules(), cmdclass={"build_ext": BuildExt})
