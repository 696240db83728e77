from __future__ import annotations

import hashlib
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
        (bytes(range(128, 256)) * 3, EncodingError, "no other encoding fits"),
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


def test_folders_are_walked_for_documents_only(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("1", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("2", encoding="utf-8")
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    (tmp_path / "d.docx").write_bytes(b"PK")
    (tmp_path / ".hidden.txt").write_text("3", encoding="utf-8")
    names = [s.name for s in find_sources([tmp_path]) if isinstance(s, Source)]
    assert names == ["a.txt", "c.pdf", "sub/b.md"]
    missing = list(find_sources([tmp_path / "nope"]))
    assert isinstance(missing[0], MissingInput) and "nope" in str(missing[0])


def test_another_encoding_is_detected_with_a_warning(tmp_path: Path) -> None:
    text = "Прокуратура зареєструвала 9 487 кримінальних проваджень у жовтні 2024 року."
    data = text.encode("cp1251")
    doc = document_from_bytes(data, _source(tmp_path, data, "cp1251.txt"))
    assert doc.text == text
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert len(doc.warnings) == 1 and "cp1251.txt: not UTF-8; read as cp1251" in doc.warnings[0]


PAGE = b"""<html><head><title>Prosecutors opened 9,487 cases</title>
<meta property="og:site_name" content="Kyiv Ledger">
<meta property="article:published_time" content="2024-11-08T10:00:00Z">
<link rel="canonical" href="https://example.org/a"></head>
<body><nav>Home | World | Sport | 2024 | 15 comments</nav>
<article><h1>Prosecutors opened 9,487 cases</h1>
<p>Ukrainian prosecutors registered 9,487 criminal proceedings in October 2024, according to
the Office of the Prosecutor General.</p>
<p>That is up from 6,290 a year earlier.</p></article>
<div class="comments"><p>Reader 17: I counted 45 of them myself!</p></div>
<footer>Copyright 2024, 12 staff writers</footer></body></html>"""


def test_an_html_page_gives_its_main_text_and_metadata(tmp_path: Path) -> None:
    doc = document_from_bytes(PAGE, _source(tmp_path, PAGE, "page.html"))
    assert "9,487 criminal proceedings" in doc.text and "6,290" in doc.text
    assert "Home | World" not in doc.text and "12 staff writers" not in doc.text
    assert (doc.title, doc.outlet, doc.url) == (
        "Prosecutors opened 9,487 cases",
        "Kyiv Ledger",
        "https://example.org/a",
    )
    assert (doc.published, doc.published_from) == ("2024-11-08", "html")
    assert doc.sha256 == hashlib.sha256(PAGE).hexdigest()


def test_an_html_page_without_an_article_is_refused(tmp_path: Path) -> None:
    page = b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>"
    with pytest.raises(EmptyDocument, match="empty.html: no article text"):
        document_from_bytes(page, _source(tmp_path, page, "empty.html"))


def test_corpus_files_give_one_document_per_row(tmp_path: Path) -> None:
    jsonl = tmp_path / "articles.jsonl"
    jsonl.write_text(
        json.dumps(
            {
                "id": "a1",
                "text": "Prosecutors opened 9,487 cases.",
                "outlet": "Ledger",
                "published": "2024-11-08T09:00:00",
                "url": "https://example.org/1",
            }
        )
        + "\n\n{broken\n"
        + json.dumps({"title": "no text here"})
        + "\n"
        + json.dumps({"body": "Some 12,000 fled.", "date": "2024-12-01"})
        + "\n",
        encoding="utf-8",
    )
    csv_file = tmp_path / "articles.csv"
    csv_file.write_text(
        'headline,content,link\n"Cases rise","Nearly 19,000 cases, a record.",https://e.org/2\n',
        encoding="utf-8",
    )
    found = list(find_sources([jsonl, csv_file]))
    names = [s.name for s in found if isinstance(s, Source)]
    assert names == ["articles.jsonl#a1", "articles.jsonl#5", "articles.csv#2"]
    errors = [str(e) for e in found if not isinstance(e, Source)]
    assert any("articles.jsonl:3: not valid JSON" in e for e in errors)
    assert any("articles.jsonl:4: no article text" in e for e in errors)
    first = read_document(found[0])  # type: ignore[arg-type]
    assert (first.text, first.outlet, first.published) == (
        "Prosecutors opened 9,487 cases.",
        "Ledger",
        "2024-11-08",
    )
    last = read_document(next(s for s in found if isinstance(s, Source) and "csv" in s.name))
    assert (last.title, last.url) == ("Cases rise", "https://e.org/2")


def test_corpus_columns_may_be_named(tmp_path: Path) -> None:
    corpus = tmp_path / "export.csv"
    corpus.write_text(
        "story,text,when\n"
        '"Some 4,100 cases reached the courts.","not this one",2025-02-01\n',
        encoding="utf-8",
    )
    (source,) = find_sources([corpus], columns={"text": "story", "published": "when"})
    assert isinstance(source, Source)
    doc = read_document(source)
    assert (doc.text, doc.published) == ("Some 4,100 cases reached the courts.", "2025-02-01")
    (missing,) = find_sources([corpus], columns={"text": "body"})
    assert isinstance(missing, MissingInput) and "no article text (a body field)" in str(missing)
