"""Office documents: DOCX (python-docx) and ODT (odfpy), headings from styles and outline levels.

A package is checked from its central directory before any parsing (:func:`_check_package`): the
readers load every member and build a tree of every XML element, so these limits bound the memory
of a read (issue 12: a 2 MB DOCX inflating to 2 GiB took 4.2 GB).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from .budget import BUDGET, RESAVE_HINT, UnreadableError, megabytes, thousands
from .builder import Reading, TextBuilder, meta_title, one_line, tidy_title
from .text import txt_title

logger = logging.getLogger(__name__)

# Zip packages (DOCX, ODT) are checked before any parsing, from their central directory: the
# readers (python-docx, odfpy) load every member and build a tree of every XML element, so these
# bound the memory of a read (issue 12: a 2 MB DOCX inflating to 2 GiB took 4.2 GB).
#: Total uncompressed size of the members of a package.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: Compression ratio of one member above :data:`ZIP_RATIO_FROM` bytes (text XML: 5 to 20).
MAX_ZIP_RATIO = 100
ZIP_RATIO_FROM = 1024 * 1024
#: XML tags of a package (« < » counted while inflating): an element costs 300 to 600 bytes parsed
#: (measured: 2 million tags of tiny ODT elements, 1 GB and 55 s to read).
MAX_XML_TAGS = 1_500_000
#: Reason of every package refused by these checks (then the detail).
TOO_BIG_INFLATED = "trop volumineux une fois décompressé"


def _check_package(data: bytes) -> None:
    """Refuse a zip package whose members inflate too much, before any parser reads it.

    The sizes are those of the central directory; :mod:`zipfile` never inflates a member past its
    declared size (a lie fails its CRC), so they bound what the readers will load.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise UnreadableError(
                    f"{TOO_BIG_INFLATED} ({megabytes(total)} Mo, plus de {megabytes(MAX_UNCOMPRESSED_BYTES)} Mo) : "
                    "archive piégée, ou document à découper"
                )
            for info in infos:
                if info.file_size > ZIP_RATIO_FROM and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
                    ratio = info.file_size // max(info.compress_size, 1)
                    raise UnreadableError(
                        f"{TOO_BIG_INFLATED} (« {info.filename[:80]} » se décompresse {thousands(ratio)} fois, "
                        f"plus de {MAX_ZIP_RATIO} fois) : archive piégée ; enregistrez le document à nouveau"
                    )
            tags = 0
            for info in infos:
                if not info.filename.lower().endswith((".xml", ".rels")):
                    continue
                with zf.open(info) as member:
                    while block := member.read(1 << 20):
                        tags += block.count(b"<")
                        if tags > MAX_XML_TAGS:
                            raise UnreadableError(
                                f"{TOO_BIG_INFLATED} (plus de {thousands(MAX_XML_TAGS)} balises XML) : "
                                "archive piégée, ou document à découper"
                            )
                        BUDGET.get().check()
    except UnreadableError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return  # the reader says what is wrong with a broken package


# --------------------------------------------------------------------------- DOCX

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING_STYLE = re.compile(r"^(?:heading|titre|title|überschrift|titolo|título)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "titre", "titre du document"})


def _docx_level(paragraph: Any) -> int | None:
    """Heading level of a python-docx paragraph (0 for the Title style), None for body text."""
    direct = paragraph._p.xpath("./w:pPr/w:outlineLvl/@w:val")
    if direct and str(direct[0]).isdigit() and int(direct[0]) < 9:
        return int(direct[0]) + 1
    style = paragraph.style
    depth = 0
    while style is not None and depth < 10:
        name = (style.name or "").strip()
        if name.lower() in _TITLE_STYLES:
            return 0
        m = _HEADING_STYLE.match(name) or _HEADING_STYLE.match(style.style_id or "")
        if m:
            return int(m.group(1))
        lvl = style.element.xpath("./w:pPr/w:outlineLvl/@w:val")
        if lvl and str(lvl[0]).isdigit() and int(lvl[0]) < 9:
            return int(lvl[0]) + 1
        style = style.base_style
        depth += 1
    return None


def _docx_is_list(paragraph: Any) -> bool:
    if paragraph._p.xpath("./w:pPr/w:numPr"):
        return True
    style = paragraph.style
    name = (style.name or "").lower() if style is not None else ""
    return name.startswith(("list", "liste"))


def _docx_table(table: Any) -> list[str]:
    lines: list[str] = []
    try:
        for row in table.rows:
            cells: list[str] = []
            previous = None
            for cell in row.cells:
                if cell._tc is previous:  # a merged cell is returned once per grid column
                    continue
                previous = cell._tc
                text = one_line(cell.text)
                if text:
                    cells.append(text)
            if cells:
                lines.append(" | ".join(cells))
    except Exception:  # python-docx trips on some malformed tables: keep their text
        logger.debug("tableau irrégulier, lu paragraphe par paragraphe", exc_info=True)
        lines = [
            one_line("".join(p.xpath(".//w:t/text()")))
            for p in table._tbl.xpath(".//w:p")
            if "".join(p.xpath(".//w:t/text()")).strip()
        ]
    return lines


def read_docx(data: bytes) -> Reading:
    if data.startswith(_OLE_MAGIC):
        raise UnreadableError(
            "document Word protégé par un mot de passe ou au format .doc ancien : "
            "enregistrez-le au format .docx, sans mot de passe"
        )
    import docx

    _check_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(document.iter_inner_content())
    except Exception as exc:  # python-docx raises many types for broken packages
        raise UnreadableError("document Word illisible ou corrompu : " + RESAVE_HINT) from exc
    b = TextBuilder()
    title = ""
    budget = BUDGET.get()
    for block in blocks:
        budget.check()
        if hasattr(block, "rows"):
            for line in _docx_table(block):
                b.add(line, group=f"table{id(block)}")
            continue
        text = block.text or ""
        if not text.strip():
            continue
        level = _docx_level(block)
        if level == 0 and not title:
            title = tidy_title(text)
        if level is not None:
            b.add(text, level=level)
        elif _docx_is_list(block):
            b.add("- " + text.strip(), group="list")
        else:
            b.add(text)
    built = b.build()
    if not title:
        title = b.first_heading()
    if not title:
        try:
            title = meta_title(document.core_properties.title)
        except Exception:  # broken core properties only lose the title
            title = ""
    return Reading(built.text, title or txt_title(built.text), built.sections)


# --------------------------------------------------------------------------- ODT

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_ODF_SKIP = frozenset(
    [
        (_TEXT_NS, n)
        for n in (
            "table-of-content",
            "alphabetical-index",
            "illustration-index",
            "table-index",
            "object-index",
            "user-index",
            "bibliography",
            "tracked-changes",
            "sequence-decls",
            "variable-decls",
            "user-field-decls",
            "dde-connection-decls",
            "note",
            "index-title",
        )
    ]
    + [(_OFFICE_NS, "forms"), (_OFFICE_NS, "annotation"), (_OFFICE_NS, "annotation-end"), (_DRAW_NS, "frame")]
)


def _odf_inline(el: Any) -> str:
    parts: list[str] = []
    for node in el.childNodes:
        if node.nodeType == node.TEXT_NODE:
            parts.append(str(node.data))
        elif node.nodeType == node.ELEMENT_NODE:
            q = node.qname
            if q == (_TEXT_NS, "s"):
                count = node.attributes.get((_TEXT_NS, "c"), "1")
                parts.append(" " * (int(count) if str(count).isdigit() else 1))
            elif q == (_TEXT_NS, "tab"):
                parts.append("\t")
            elif q == (_TEXT_NS, "line-break"):
                parts.append("\n")
            elif q not in _ODF_SKIP:
                parts.append(_odf_inline(node))
    return "".join(parts)


def _odf_title_styles(document: Any) -> set[str]:
    """Names of the paragraph styles that are, or derive from, the "Title" style."""
    titles = {"Title", "Titre"}
    parents: dict[str, str] = {}
    for container in (document.automaticstyles, document.styles):
        for st in container.childNodes:
            if getattr(st, "qname", None) == (_STYLE_NS, "style"):
                name = st.attributes.get((_STYLE_NS, "name"))
                parent = st.attributes.get((_STYLE_NS, "parent-style-name"))
                if name and parent:
                    parents[str(name)] = str(parent)
    for name in list(parents):
        seen = 0
        cur: str | None = name
        while cur is not None and seen < 10:
            if cur in titles:
                titles.add(name)
                break
            cur = parents.get(cur)
            seen += 1
    return titles


def _walk_odf(el: Any, b: TextBuilder, title_styles: set[str], state: dict[str, str]) -> None:
    budget = BUDGET.get()
    for node in el.childNodes:
        if node.nodeType != node.ELEMENT_NODE:
            continue
        budget.check()
        q = node.qname
        if q in _ODF_SKIP:
            continue
        if q == (_TEXT_NS, "h"):
            level = node.attributes.get((_TEXT_NS, "outline-level"), "1")
            b.add(_odf_inline(node), level=int(level) if str(level).isdigit() else 1)
        elif q == (_TEXT_NS, "p"):
            text = _odf_inline(node)
            style = str(node.attributes.get((_TEXT_NS, "style-name"), ""))
            if style in title_styles and text.strip():
                if not state.get("title"):
                    state["title"] = tidy_title(text)
                b.add(text, level=0)
            else:
                b.add(text)
        elif q == (_TEXT_NS, "list"):
            _walk_odf_list(node, b, title_styles, state)
        elif q == (_TABLE_NS, "table"):
            _walk_odf_table(node, b)
        else:
            _walk_odf(node, b, title_styles, state)


def _walk_odf_list(el: Any, b: TextBuilder, title_styles: set[str], state: dict[str, str]) -> None:
    for item in el.childNodes:
        if getattr(item, "qname", None) not in ((_TEXT_NS, "list-item"), (_TEXT_NS, "list-header")):
            continue
        for node in item.childNodes:
            q = getattr(node, "qname", None)
            if q in ((_TEXT_NS, "p"), (_TEXT_NS, "h")):
                b.add("- " + _odf_inline(node).strip(), group="list")
            elif q == (_TEXT_NS, "list"):
                _walk_odf_list(node, b, title_styles, state)
            elif q is not None and q not in _ODF_SKIP:
                _walk_odf(node, b, title_styles, state)


def _odf_rows(el: Any) -> Iterator[Any]:
    for node in el.childNodes:
        q = getattr(node, "qname", None)
        if q == (_TABLE_NS, "table-row"):
            yield node
        elif q in ((_TABLE_NS, "table-header-rows"), (_TABLE_NS, "table-rows"), (_TABLE_NS, "table-row-group")):
            yield from _odf_rows(node)


def _walk_odf_table(el: Any, b: TextBuilder) -> None:
    for row in _odf_rows(el):
        cells = []
        for cell in row.childNodes:
            if getattr(cell, "qname", None) != (_TABLE_NS, "table-cell"):
                continue
            text = one_line(" ".join(_odf_inline(p) for p in cell.childNodes if getattr(p, "qname", None)))
            if text:
                cells.append(text)
        if cells:
            b.add(" | ".join(cells), group=f"table{id(el)}")


def read_odt(data: bytes) -> Reading:
    corrupt = "document OpenDocument illisible ou corrompu : " + RESAVE_HINT
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            manifest = zf.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, ValueError) as exc:
        raise UnreadableError(corrupt) from exc
    if b"encryption-data" in manifest:
        raise UnreadableError(
            "document OpenDocument protégé par un mot de passe : enregistrez-en une copie sans mot de passe"
        )
    if "content.xml" not in names:
        raise UnreadableError(corrupt)
    _check_package(data)
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
        body = document.text
    except Exception as exc:  # odfpy raises many types for broken packages
        raise UnreadableError(corrupt) from exc
    b = TextBuilder()
    state: dict[str, str] = {}
    _walk_odf(body, b, _odf_title_styles(document), state)
    built = b.build()
    title = state.get("title") or b.first_heading()
    if not title:
        try:
            from odf import dc

            found = document.meta.getElementsByType(dc.Title)
            title = meta_title(_odf_inline(found[0])) if found else ""
        except Exception:  # broken metadata only loses the title
            title = ""
    return Reading(built.text, title or txt_title(built.text), built.sections)
