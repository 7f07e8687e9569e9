"""Hostile documents written on the fly (issue 12, item 6): zip bombs and a PDF whose pages share a stream.

Used by ``tests/test_hostile_files.py`` and ``scripts/bench_hostile_files.py``. Each file is a real
package that its library opens (python-docx, odfpy, pypdf): only the size of what it inflates to
is hostile. The repeated members are highly compressible, so the files stay small on disk.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

#: One paragraph of a DOCX body and of an ODT body, ``CHARS`` letters long.
CHARS = 1000
DOCX_PARAGRAPH = "<w:p><w:r><w:t>" + "a" * (CHARS - 1) + " </w:t></w:r></w:p>"
ODT_PARAGRAPH = "<text:p>" + "a" * (CHARS - 1) + " </text:p>"


def _docx_template(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Note de coopération", level=1)
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _odt_template(text: str) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Note de coopération"))
    document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _repack(template: bytes, member: str, marker: str, path: Path, unit: str, count: int, level: int) -> Path:
    """``template`` with ``unit * count`` inserted in ``member`` right after ``marker``, streamed."""
    with (
        zipfile.ZipFile(io.BytesIO(template)) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename != member:
                dst.writestr(info, data, compress_type=zipfile.ZIP_STORED if info.filename == "mimetype" else None)
                continue
            text = data.decode("utf-8")
            cut = text.index(marker) + len(marker)
            target = zipfile.ZipInfo(member, date_time=info.date_time)
            target.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(target, "w", force_zip64=True) as out:
                out.write(text[:cut].encode("utf-8"))
                block = (unit * max(1, min(count, 4096))).encode("utf-8")
                per_block = max(1, min(count, 4096))
                left = count
                while left >= per_block:
                    out.write(block)
                    left -= per_block
                out.write((unit * left).encode("utf-8"))
                out.write(text[cut:].encode("utf-8"))
    return path


def docx_bomb(
    path: Path, paragraphs: int, *, text: str = "La Ville de Test coopère avec Dakar.", level: int = 9
) -> Path:
    """A DOCX whose body holds ``paragraphs`` extra paragraphs of :data:`CHARS` letters each."""
    return _repack(_docx_template(text), "word/document.xml", "<w:body>", path, DOCX_PARAGRAPH, paragraphs, level)


def odt_bomb(
    path: Path, paragraphs: int, *, text: str = "La Ville de Test coopère avec Dakar.", level: int = 9
) -> Path:
    """An ODT whose body holds ``paragraphs`` extra paragraphs of :data:`CHARS` letters each."""
    return _repack(_odt_template(text), "content.xml", "<office:text>", path, ODT_PARAGRAPH, paragraphs, level)


def docx_of_words(path: Path, chars: int, seed: int = 1) -> Path:
    """A plain DOCX of about ``chars`` characters of varied words (compresses like real text)."""
    import random

    import docx

    rng = random.Random(seed)
    vocabulary = [f"mot{rng.randrange(100_000)}" for _ in range(5000)]
    document = docx.Document()
    written = 0
    while written < chars:
        line = " ".join(rng.choice(vocabulary) for _ in range(60)) + "."
        document.add_paragraph(line)
        written += len(line) + 2
    document.save(path)
    return path


def pdf_shared_stream(path: Path, pages: int = 10, lines: int = 2000, width: int = 590) -> Path:
    """A PDF of ``pages`` pages that all draw one Flate content stream of ``lines`` lines of text."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    row = "a" * (width - 1) + " "
    content = "BT /F1 8 Tf 10 TL 20 800 Td\n" + "".join(f"({row}) Tj T*\n" for _ in range(lines)) + "ET\n"
    writer = PdfWriter()
    stream = DecodedStreamObject()
    stream.set_data(content.encode("latin-1"))
    shared = writer._add_object(stream.flate_encode(level=9))
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    font_ref = writer._add_object(font)
    for _ in range(pages):
        page = writer.add_blank_page(612, 842)
        page[NameObject("/Contents")] = shared
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})}
        )
    with path.open("wb") as fh:
        writer.write(fh)
    return path
