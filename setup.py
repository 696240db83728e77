"""Build hook: with CROSSCOUNT_COMPILE=1, the recogniser, the claim readers and the records
are compiled with mypyc (the same code, typed and checked by mypy, turned into C extension
modules; about 1.7 times as fast for the recogniser, 1.3 for the whole pipeline). Everything
else, and the default build, is plain Python. The compiled build needs mypy installed beside
setuptools (pip install mypy 'setuptools>=70.1' wheel, then CROSSCOUNT_COMPILE=1 pip install
--no-build-isolation .); `make compiled` does it."""

import os

from setuptools import setup

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

ext_modules = []
if os.environ.get("CROSSCOUNT_COMPILE") == "1":
    from mypyc.build import mypycify

    ext_modules = mypycify(COMPILED, opt_level="3")

setup(ext_modules=ext_modules)
