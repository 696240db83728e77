"""PDF reading: reading order, running headers and footers, page offsets, metadata, errors.

The PDFs are written at test time with fpdf2's core fonts (latin-1 only), so no binary
fixtures live in the repository.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from PIL import Image

from crosscount.errors import DamagedDocument, EmptyDocument, EncryptedDocument
from crosscount.pdf import (
    is_pdf,
    join_lines,
    normalise,
    page_of,
    pdf_date,
    pdf_text,
    running_lines,
    strip_edges,
)
from crosscount.segment import split_sentences

HEADER = "Quarterly Report on Desertion 2025"
BODIES = [
    "In 2024 the courts opened 17,593 cases of desertion against soldiers who left their "
    "units without leave, a rise of 12 per cent on the year before, the prosecutor said.",
    "The prosecutor general said that 6,290 of the cases opened in the first quarter of 2025 "
    "concerned soldiers who had fled from units stationed near the front line in the east.",
    "Officials in Kyiv expect that at least 3,400 further cases will be opened during the "
    "summer months, although the ministry declined to publish a regional breakdown of them.",
]


class Report(FPDF):
    """A report with a running header and a "Page N of M" footer on every page."""

    def header(self) -> None:
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, HEADER, align="C", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, f"Page {self.page_no()} of {{nb}}", align="C")


def _write(pdf: FPDF, tmp_path: Path, name: str = "report.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(bytes(pdf.output()))
    return path


def _report(tmp_path: Path) -> Path:
    pdf = Report()
    pdf.set_font("Helvetica", size=11)
    for body in BODIES:
        pdf.add_page()
        _paragraph(pdf, body)
    return _write(pdf, tmp_path)


def _paragraph(pdf: FPDF, text: str, align: str = "L") -> None:
    pdf.multi_cell(0, 6, text, align=align, new_x="LMARGIN", new_y="NEXT")


def _read(path: Path) -> str:
    return pdf_text(path.read_bytes(), path).text


def test_report_keeps_the_body_and_leaves_out_header_and_footer(tmp_path: Path) -> None:
    result = pdf_text(_report(tmp_path).read_bytes(), tmp_path / "report.pdf")
    for body in BODIES:  # each wrapped paragraph is one line again, sentence whole
        assert body in result.text
    assert "Quarterly Report" not in result.text
    assert "Page" not in result.text
    assert result.left_out == 2 * len(BODIES)
    assert result.page_starts[0] == 0
    assert len(result.page_starts) == len(BODIES)


@pytest.mark.parametrize(("figure", "page"), [("17,593", 1), ("6,290", 2), ("3,400", 3)])
def test_a_figure_is_located_on_its_page(tmp_path: Path, figure: str, page: int) -> None:
    result = pdf_text(_report(tmp_path).read_bytes(), tmp_path / "report.pdf")
    start = result.text.index(figure)
    end = start + len(figure)
    assert result.text[start:end] == figure
    assert page_of(result.page_starts, start) == page
    assert page_of(result.page_starts, end - 1) == page


def test_page_starts_are_exact(tmp_path: Path) -> None:
    result = pdf_text(_report(tmp_path).read_bytes(), tmp_path / "report.pdf")
    for start, body in zip(result.page_starts, BODIES, strict=True):
        assert result.text[start:].startswith(body)
    for start in result.page_starts[1:]:
        assert result.text[start - 2 : start] == "\n\n"


def test_two_columns_read_column_after_column(tmp_path: Path) -> None:
    left = (
        "The left column says that 3,400 soldiers went missing in March, a figure the "
        "ministry later revised upward to 3,900 after counting again."
    )
    right = (
        "The right column says that prices rose 12 per cent in 2024 and that analysts "
        "expect 8 per cent growth next year in the capital."
    )
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(90, 6, left)
    pdf.set_xy(110, 10)
    pdf.multi_cell(90, 6, right)
    text = _read(_write(pdf, tmp_path))
    # The left column's last line is long enough to read as wrapped, so the columns are
    # joined by a space rather than a line break; the sentences stay whole either way.
    assert text in (f"{left}\n{right}", f"{left} {right}")
    assert [s.text for s in split_sentences(text)] == [left, right]


def test_paragraphs_stay_apart_and_headings_stay_on_their_line(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, "Findings", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    _paragraph(pdf, BODIES[0])
    pdf.ln(4)
    _paragraph(pdf, BODIES[1])
    text = _read(_write(pdf, tmp_path))
    assert text == f"Findings\n{BODIES[0]}\n{BODIES[1]}"
    sentences = [s.text for s in split_sentences(text)]
    assert BODIES[0] in sentences


def test_a_page_number_inside_the_body_is_kept(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    _paragraph(pdf, BODIES[0])
    _paragraph(pdf, "3")
    _paragraph(pdf, BODIES[1])
    _paragraph(pdf, "- 1 -", align="C")
    result = pdf_text(_write(pdf, tmp_path).read_bytes(), tmp_path / "report.pdf")
    assert result.text == f"{BODIES[0]}\n3\n{BODIES[1]}"
    assert result.left_out == 1


def test_metadata_is_read_from_the_document_info(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_title("Desertion in 2025")
    pdf.set_author("Office of the Prosecutor General")
    pdf.set_creation_date(datetime(2025, 3, 1, 12, 0, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    _paragraph(pdf, BODIES[0])
    path = _write(pdf, tmp_path)
    assert pdf_text(path.read_bytes(), path).meta == {
        "title": "Desertion in 2025",
        "author": "Office of the Prosecutor General",
        "published": "2025-03-01",
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("D:20250301120000+02'00'", "2025-03-01"),
        ("D:20250301", "2025-03-01"),
        ("20250301120000Z", "2025-03-01"),
        ("D:202503", "2025-03"),
        ("D:20251301", None),
        ("D:2025", None),
        ("yesterday", None),
    ],
)
def test_pdf_dates(raw: str, expected: str | None) -> None:
    assert pdf_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\ufb01nal \ufb02ows", "final flows"),  # ligatures
        ("\uff11\uff17 cases", "17 cases"),  # full-width digits
        ("17\u00a0593", "17 593"),  # no-break space
        ("17,593\u00b9 cases", "17,593\u00b9 cases"),  # a footnote mark stays apart
        ("1\u00bd million", "1\u00bd million"),  # so does a fraction
        ("Kyiv, 2025: 17,593", "Kyiv, 2025: 17,593"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_running_lines_need_two_pages_and_half_of_them() -> None:
    two = [["Report 2025", "Body one.", "Page 1 of 2"], ["Report 2025", "Body two.", "Page 2 of 2"]]
    assert running_lines(two) == {"report #", "page # of #"}
    assert running_lines(two[:1]) == set()
    five = [["Header", f"Body {n}."] for n in range(2)] + [[f"Other body {n}."] for n in range(3)]
    assert "header" not in running_lines(five)  # 2 of 5 pages is under half


def test_strip_edges_stops_at_the_first_body_line() -> None:
    lines = ["Report 2025", "iii", "Body line.", "12", "More body.", "", "Page 3 of 12"]
    kept, dropped = strip_edges(lines, {"report #"})
    assert kept == ["Body line.", "12", "More body.", ""]
    assert dropped == 3


@pytest.mark.parametrize("line", ["3", "- 3 -", "\u2014 12 \u2014", "Page 3", "p. 3", "3 / 12"])
def test_page_number_lines_at_an_edge_are_left_out(line: str) -> None:
    assert strip_edges([line, "Body."], set()) == (["Body."], 1)


@pytest.mark.parametrize("line", ["17,593", "12%", "Mild", "Page three", "$3"])
def test_figures_at_an_edge_are_kept(line: str) -> None:
    assert strip_edges([line, "Body."], set()) == ([line, "Body."], 0)


WRAPPED = "a line of text that was wrapped at the right margin of the page"
JOINS = [
    (["the cases of deser-", "tion were"], "the cases of desertion were"),
    (["for the Kharkiv-", "based brigades"], "for the Kharkiv-based brigades"),
    (["the years 2024-", "2025 saw"], "the years 2024-2025 saw"),
    (["the total was 12", "300 more came"], "the total was 12\n300 more came"),
    (["the total was 12", "thousand in all"], "the total was 12 thousand in all"),
    (["a wrapped line", "", "a new paragraph"], "a wrapped line\na new paragraph"),
    ([WRAPPED, WRAPPED, "ends here.", WRAPPED], f"{WRAPPED} {WRAPPED} ends here.\n{WRAPPED}"),
    ([WRAPPED, "Short heading", WRAPPED], f"{WRAPPED} Short heading\n{WRAPPED}"),
]


@pytest.mark.parametrize(("lines", "expected"), JOINS)
def test_join_lines(lines: list[str], expected: str) -> None:
    assert join_lines(lines) == expected


def test_page_of() -> None:
    starts = (0, 10, 20)
    assert [page_of(starts, n) for n in (0, 9, 10, 19, 20, 99)] == [1, 1, 2, 2, 3, 3]
    with pytest.raises(ValueError):
        page_of(starts, -1)


def test_is_pdf() -> None:
    assert is_pdf(b"%PDF-1.7\n...")
    assert is_pdf(b"\xef\xbb\xbfjunk\n%PDF-1.4\n")
    assert not is_pdf(b"<html>%PDF-</html>".rjust(2000))
    assert not is_pdf(b"plain text")


def _encrypted(tmp_path: Path, user_password: str, aes: bool = False) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    _paragraph(pdf, BODIES[0])
    method = EncryptionMethod.AES_128 if aes else EncryptionMethod.RC4
    pdf.set_encryption(
        owner_password="owner", user_password=user_password, encryption_method=method
    )
    return _write(pdf, tmp_path, f"encrypted-{len(user_password)}-{method.name}.pdf")


def test_an_encrypted_pdf_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = _encrypted(tmp_path, user_password="secret")
    with pytest.raises(EncryptedDocument, match="qpdf --decrypt") as raised:
        pdf_text(path.read_bytes(), path)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize("aes", [False, True], ids=["rc4", "aes"])
def test_an_encrypted_pdf_with_an_empty_password_is_read(tmp_path: Path, aes: bool) -> None:
    assert _read(_encrypted(tmp_path, user_password="", aes=aes)) == BODIES[0]


DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "cut in half": lambda data: data[: len(data) // 2],
    "garbage after the header": lambda data: b"%PDF-1.7\n" + b"\x00garbage" * 64,
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_pdf_is_refused_quietly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: Callable[[bytes], bytes]
) -> None:
    good = _report(tmp_path).read_bytes()
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damage(good))
    with caplog.at_level(logging.DEBUG), pytest.raises(DamagedDocument, match="repair") as raised:
        pdf_text(path.read_bytes(), path)
    assert str(path) in str(raised.value)
    assert raised.value.__cause__ is not None  # the pypdf error is chained, not raised
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]


def test_an_ordinary_pdf_logs_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = _report(tmp_path)
    with caplog.at_level(logging.DEBUG):
        pdf_text(path.read_bytes(), path)
    assert caplog.records == []


def test_a_pdf_without_text_asks_for_ocr(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("RGB", (40, 40), "gray"), x=20, y=20, w=100)
    path = _write(pdf, tmp_path, "scan.pdf")
    with pytest.raises(EmptyDocument, match="ocrmypdf") as raised:
        pdf_text(path.read_bytes(), path)
    assert str(path) in str(raised.value)
