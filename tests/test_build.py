"""The build hook (setup.py) chooses the compiled or the plain build as it says: compiled by
default where it can be, plain with a warning where it cannot, plain for an editable install,
and a clear failure when the compiled build is required and cannot be made.

The compiled build itself is made and tested whole by `make test-compiled`."""

from __future__ import annotations

import os
import runpy
from pathlib import Path
from typing import Any

import pytest
from setuptools.errors import CompileError

SETUP = Path(__file__).resolve().parents[1] / "setup.py"


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """setup.py's functions, without running setup(); mypycify replaced by a recorder, so that
    a compiled build is seen to be asked for without compiling."""
    import mypyc.build

    asked: list[list[str]] = []

    def mypycify(paths: list[str], **_: Any) -> list[str]:
        asked.append(paths)
        if os.environ.get("FAIL_MYPYC"):
            raise SystemExit(1)  # as mypyc ends on a type error
        return ["ext"]

    monkeypatch.setattr(mypyc.build, "mypycify", mypycify)
    monkeypatch.delenv("CROSSCOUNT_COMPILE", raising=False)
    monkeypatch.delenv("CC", raising=False)
    functions = runpy.run_path(str(SETUP), run_name="setup_under_test")
    functions["asked"] = asked
    return functions


def _argv(monkeypatch: pytest.MonkeyPatch, *commands: str) -> None:
    monkeypatch.setattr("sys.argv", ["setup.py", *commands])


def test_a_wheel_is_compiled_by_default(hook: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    _argv(monkeypatch, "bdist_wheel", "--dist-dir", "dist")
    if hook["_missing"]() is not None:
        pytest.skip(f"this machine cannot compile: {hook['_missing']()}")
    assert hook["ext_modules"]() == ["ext"]
    (paths,) = hook["asked"]
    assert "src/crosscount/numbers/grammar.py" in paths
    assert all((SETUP.parent / p).is_file() for p in paths)  # no stale name in the list
    assert capsys.readouterr().err == ""


def test_without_a_compiler_the_build_is_plain_and_says_so(
    hook: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _argv(monkeypatch, "bdist_wheel")
    monkeypatch.setenv("CC", "/nonexistent/cc -pthread")
    assert hook["ext_modules"]() == []
    err = capsys.readouterr().err
    assert "plain Python" in err and "/nonexistent/cc" in err and "CROSSCOUNT_COMPILE=0" in err
    assert hook["asked"] == []


def test_a_required_compiled_build_fails_with_the_reason(
    hook: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _argv(monkeypatch, "bdist_wheel")
    monkeypatch.setenv("CC", "/nonexistent/cc")
    monkeypatch.setenv("CROSSCOUNT_COMPILE", "1")
    reason = r"CROSSCOUNT_COMPILE=1, but no C compiler \(/nonexistent/cc\)"
    with pytest.raises(SystemExit, match=reason):
        hook["ext_modules"]()


@pytest.mark.parametrize(
    ("commands", "mode"),
    [
        (("editable_wheel", "--dist-dir", "d"), "1"),  # pip install -e: never compiled
        (("dist_info", "--output-dir", "d"), "1"),  # metadata only
        (("egg_info",), "auto"),
        (("bdist_wheel",), "0"),  # asked for plain
        (("bdist_wheel",), " 0 "),
    ],
)
def test_plain_builds(hook: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
                      commands: tuple[str, ...], mode: str) -> None:
    _argv(monkeypatch, *commands)
    monkeypatch.setenv("CROSSCOUNT_COMPILE", mode)
    assert hook["ext_modules"]() == []
    assert hook["asked"] == []


def test_an_unknown_mode_is_refused(hook: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    _argv(monkeypatch, "bdist_wheel")
    monkeypatch.setenv("CROSSCOUNT_COMPILE", "yes")
    with pytest.raises(SystemExit, match="use 1 .compiled., 0 .plain. or auto"):
        hook["ext_modules"]()


def test_a_failed_translation_leaves_the_plain_build(
    hook: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _argv(monkeypatch, "bdist_wheel")
    if hook["_missing"]() is not None:
        pytest.skip(f"this machine cannot compile: {hook['_missing']()}")
    monkeypatch.setenv("FAIL_MYPYC", "1")
    assert hook["ext_modules"]() == []
    assert "mypyc could not translate" in capsys.readouterr().err
    monkeypatch.setenv("CROSSCOUNT_COMPILE", "1")
    with pytest.raises(SystemExit):
        hook["ext_modules"]()


def _failing_build(hook: dict[str, Any], tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Path]:
    """The build_ext command over one extension, whose compiler writes its module and fails."""
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    dist = Distribution({"name": "x", "ext_modules": [Extension("crosscount.fast", ["x.c"])]})
    command = hook["BuildExt"](dist)
    command.build_lib = str(tmp_path)
    command.ensure_finalized()
    (built,) = map(Path, command.get_outputs())

    def compile_and_fail(self: Any) -> None:
        built.parent.mkdir(parents=True, exist_ok=True)
        built.write_bytes(b"half a module")
        raise CompileError("gcc: error: x.c: no such file")

    monkeypatch.setattr(build_ext, "run", compile_and_fail)
    return command, built


def test_a_failed_compile_leaves_the_plain_build(
    hook: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    command, built = _failing_build(hook, tmp_path, monkeypatch)
    command.run()
    assert not built.exists()  # nothing compiled is left to shadow the sources
    err = capsys.readouterr().err
    assert "plain Python: the C compiler failed (CompileError; its own message is above)" in err


def test_a_required_compile_fails_as_the_compiler_did(
    hook: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command, _ = _failing_build(hook, tmp_path, monkeypatch)
    monkeypatch.setenv("CROSSCOUNT_COMPILE", "1")
    with pytest.raises(CompileError, match="no such file"):
        command.run()
