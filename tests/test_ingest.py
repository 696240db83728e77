from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosscount.errors import (
    BinaryDocument,
    EmptyDocument,
    EncodingError,
    ManifestError,
    MissingInput,
    TooLarge,
)
from crosscount.ingest import Source, document_from_bytes, find_sources, header_date, read_document

HEADERS = [
    ("Wednesday, November 12, 2025\n\nArmy of Deserters\n", "2025-11-12"),
    ("Title\n\nSubmitted by Thunderbird on January 17, 2025\n\nText", "2025-01-17"),
    ("0 $\n600 $\nJANUARY 2025\n\nFleeing From The Front\n", "2025-01"),
    ("Published: 14 December 2024\nBody text.", "2024-12-14"),
    ("Posted 2024-03-05\nBody", "2024-03-05"),
    ("Published: 21 October 2025, 09:40\n\nTitle", "2025-10-21"),
    ("Updated March 3, 2025 at 5:12 pm (EET)\nBody", "2025-03-03"),
    ("At 09:40 the shelling began.\nBody", None),
    (
        "A long first paragraph that mentions November 7, 2024 in passing, inside a sentence that "
        "goes on well beyond a header line's length.\n",
        None,
    ),
    ("No date here.\nJust text about 2024 and 35,307 cases.\n", None),
]


@pytest.mark.parametrize(("text", "expected"), HEADERS)
def test_header_date_read_only_from_a_dated_header(text: str, expected: str | None) -> None:
    assert header_date(text) == expected


def _source(tmp_path: Path, data: bytes, name: str = "a.txt") -> Source:
    path = tmp_path / name
    path.write_bytes(data)
    return Source(path, name)


def test_text_is_kept_exactly_with_bom_and_crlf(tmp_path: Path) -> None:
    data = "\ufeffLine one\r\n35,307 cases\r\n".encode()
    doc = read_document(_source(tmp_path, data))
    assert doc.text == data.decode("utf-8")
    assert doc.text.index("35,307") == data.decode("utf-8").index("35,307")


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", EmptyDocument, "empty"),
        (b"  \n\t ", EmptyDocument, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", BinaryDocument, "binary"),
        ("Кількість справ: 9 487".encode("cp1251"), EncodingError, "not UTF-8"),
    ],
)
def test_bad_bytes_raise_errors_that_name_the_file(
    tmp_path: Path, data: bytes, error: type[Exception], words: str
) -> None:
    source = _source(tmp_path, data, "bad.txt")
    with pytest.raises(error) as info:
        document_from_bytes(data, source)
    assert "bad.txt" in str(info.value) and words in str(info.value)


def test_too_large_names_the_limit_and_the_flag(tmp_path: Path) -> None:
    source = _source(tmp_path, b"x" * 2_100_000, "big.txt")
    with pytest.raises(
        TooLarge, match=r"big.txt: 2.1 MB is over the 2 MB limit; raise it with --max-size 3"
    ):
        read_document(source, max_mb=2)


def test_manifest_metadata_is_attached_and_relative_paths_resolve(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("12 soldiers left.", encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        json.dumps(
            {
                "file": "docs/a.txt",
                "outlet": "Ledger",
                "published": "2024-11-08",
                "url": "https://x.org/a",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    [source] = list(find_sources([], manifest))
    assert isinstance(source, Source)
    doc = read_document(source)
    assert (doc.outlet, doc.published, doc.published_from, doc.url) == (
        "Ledger",
        "2024-11-08",
        "manifest",
        "https://x.org/a",
    )


def test_manifest_line_naming_missing_file_is_reported_and_others_go_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("12 soldiers left.", encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"file": "gone.txt"}\n{"file": "a.txt"}\n', encoding="utf-8")
    found = list(find_sources([], manifest))
    assert isinstance(found[0], MissingInput) and "m.jsonl:1" in str(found[0])
    assert isinstance(found[1], Source) and found[1].name == "a.txt"


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("not json", "not valid JSON"),
        ('{"url": "x"}', '"file" key'),
        ('{"file": "a.txt", "date": "2024"}', "unknown key"),
        ('{"file": "a.txt", "published": "Nov 8"}', "not an ISO date"),
    ],
)
def test_malformed_manifest_lines_name_the_line(tmp_path: Path, line: str, words: str) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=f"m.jsonl:1: .*{words}"):
        list(find_sources([], manifest))


def test_folders_are_walked_for_text_files_only(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("1", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("2", encoding="utf-8")
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("3", encoding="utf-8")
    names = [s.name for s in find_sources([tmp_path]) if isinstance(s, Source)]
    assert names == ["a.txt", "sub/b.md"]
    missing = list(find_sources([tmp_path / "nope"]))
    assert isinstance(missing[0], MissingInput) and "nope" in str(missing[0])
