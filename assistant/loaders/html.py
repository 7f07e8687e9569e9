"""HTML: the main content of a page, through trafilatura, with a plain lxml reader as fallback.

Navigation, header, footer, asides, scripts, styles and forms are removed first; a missing
trafilatura is an error, never a silent fallback to a text full of menus.
"""

from __future__ import annotations

import codecs
import copy
import importlib
import logging
import re
from collections.abc import Iterator
from typing import Any

from .budget import RESAVE_HINT, UnreadableError
from .builder import Reading, TextBuilder, tidy_title
from .text import UTF16_BOMS, check_not_binary, decode_text, txt_title

logger = logging.getLogger(__name__)

_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "nav",
    "dialog",
)
#: The fewest words of prose (paragraph text outside links) that make an aside inside the page's article a
#: box of the text (« encadré » : « Jumelage ou accord de coopération : quelle différence ? » and its
#: paragraph), kept; other asides (« À lire aussi » links, a contact line, a sidebar) are dropped.
BOX_MIN_WORDS = 20
_HTML_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_HTML_BLOCKS = frozenset(
    "address article aside blockquote body dd details dialog div dl dt fieldset figcaption figure footer "
    "form header hgroup hr li main nav ol p pre section summary ul".split()
)


def _decode_html(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    check_not_binary(data)
    m = _HTML_CHARSET.search(data[:4096])
    if m:
        try:
            codec = codecs.lookup(m.group(1).decode("ascii"))
            if codec.name not in ("utf-16", "utf-32"):
                try:
                    return data.decode(codec.name)
                except UnicodeDecodeError:
                    pass
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


def _xml_text(el: Any) -> str:
    """Text of an lxml element, ``<br>``/``<lb>`` as line breaks, whitespace collapsed per line."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag.lower() in ("br", "lb"):
                parts.append("\n")
            elif tag and tag.lower() not in ("script", "style", "noscript", "template"):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def _table_rows(table: Any, row_tag: str, cell_tags: tuple[str, ...]) -> Iterator[str]:
    for row in table.iter(row_tag):
        cells = [_xml_text(c).replace("\n", " ") for c in row if isinstance(c.tag, str) and c.tag in cell_tags]
        line = " | ".join(c for c in cells if c)
        if line:
            yield line


def _walk_extracted(el: Any, b: TextBuilder) -> None:
    """Blocks of trafilatura's XML (``head``, ``p``, ``list``/``item``, ``table``/``row``/``cell``…)."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag
        if tag == "head":
            rend = child.get("rend", "")
            level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
            b.add(_xml_text(child), level=level)
        elif tag == "list":
            for item in child:
                if isinstance(item.tag, str) and item.tag == "item":
                    nested = [x for x in item if isinstance(x.tag, str) and x.tag == "list"]
                    for x in nested:
                        item.remove(x)
                    b.add("- " + _xml_text(item), group="list")
                    for x in nested:
                        _walk_extracted(_wrap(x), b)
        elif tag == "table":
            for line in _table_rows(child, "row", ("cell",)):
                b.add(line, group=f"table{id(child)}")
        elif tag in ("div", "main", "body", "doc", "quote", "section") and any(
            isinstance(x.tag, str) and x.tag in ("p", "head", "list", "table", "div", "quote") for x in child
        ):
            _walk_extracted(child, b)
        elif tag in ("graphic", "comments"):
            continue
        else:
            b.add(_xml_text(child))


def _lxml(module: str) -> Any:
    """An lxml module (imported by name: lxml ships no type information)."""
    return importlib.import_module(f"lxml.{module}")


def _wrap(el: Any) -> Any:
    etree = _lxml("etree")
    holder = etree.Element("div")
    holder.append(el)
    return holder


def _inline_raw(el: Any) -> str:
    """Raw text of an inline element (``<br>`` as a line break), whitespace left for the caller."""
    parts: list[str] = [el.text or ""]
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "br":
            parts.append("\n")
        elif tag and tag not in ("script", "style", "noscript", "template"):
            parts.append(_inline_raw(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _walk_html(el: Any, b: TextBuilder) -> None:
    """Blocks of a cleaned HTML tree (the fallback when trafilatura finds nothing)."""
    buf: list[str] = [el.text or ""]

    def flush() -> None:
        text = "\n".join(" ".join(line.split()) for line in "".join(buf).split("\n"))
        buf.clear()
        if text.strip():
            b.add(text)

    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "br":
            buf.append("\n")
        elif tag in _HTML_HEADINGS:
            flush()
            b.add(_xml_text(child), level=_HTML_HEADINGS[tag])
        elif tag == "table":
            flush()
            for line in _table_rows(child, "tr", ("td", "th")):
                b.add(line, group=f"table{id(child)}")
        elif tag == "li" and not any(
            isinstance(x.tag, str) and (x.tag.lower() in _HTML_BLOCKS or x.tag.lower() == "table") for x in child
        ):
            flush()
            b.add("- " + _xml_text(child), group="list")
        elif tag in _HTML_BLOCKS:
            flush()
            _walk_html(child, b)
        elif tag:
            buf.append(_inline_raw(child))
        buf.append(child.tail or "")
    flush()


def _clean_html_tree(root: Any) -> Any:
    """Drop scripts, styles, navigation, forms, asides, hidden parts, and page header/footer."""
    etree = _lxml("etree")

    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    etree.strip_elements(root, *_HTML_DROP, with_tail=False)
    for el in list(root.iter("aside")):
        if el.getparent() is None:
            continue
        if _is_box(el):
            el.tag = "div"  # trafilatura drops asides: the box is read as a part of the text
        else:
            el.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        tag = el.tag.lower()
        role = (el.get("role") or "").lower()
        hidden = el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true"
        style = (el.get("style") or "").replace(" ", "").lower()
        in_content = any(isinstance(a.tag, str) and a.tag.lower() in ("article", "main") for a in el.iterancestors())
        if (
            hidden
            or "display:none" in style
            or role in ("navigation", "banner", "contentinfo", "search", "complementary", "menu")
            or (tag in ("header", "footer") and not in_content)
        ):
            el.drop_tree()
    return root


def _is_box(aside: Any) -> bool:
    """Whether an ``<aside>`` is a box of the page's text: inside its ``<main>`` or ``<article>``, with
    :data:`BOX_MIN_WORDS` words of paragraphs outside links."""
    if not any(isinstance(a.tag, str) and a.tag.lower() in ("article", "main") for a in aside.iterancestors()):
        return False
    prose = sum(len(_xml_text(p).split()) for p in aside.iter("p"))
    linked = sum(len(_xml_text(a).split()) for p in aside.iter("p") for a in p.iter("a"))
    return prose - linked >= BOX_MIN_WORDS


#: Start of the reason given to every HTML file when the main-content extractor cannot be imported.
HTML_EXTRACTOR_MISSING = "extracteur du contenu principal des pages HTML (trafilatura) indisponible"


def html_extractor_problem() -> str | None:
    """Why trafilatura cannot be imported (French, with the fix), or ``None`` when it can.

    A broken install (``lxml.html.clean`` moved to the ``lxml_html_clean`` package) must not make
    the HTML reader fall back, silently, to indexing menus and footers.
    """
    try:
        import trafilatura  # noqa: F401
    except Exception as exc:  # ImportError, or whatever a half-installed dependency raises
        return (
            f"{HTML_EXTRACTOR_MISSING} ({type(exc).__name__} : {exc}) ; page non indexée pour ne pas mêler "
            "menus et pieds de page au texte : réinstallez les dépendances (make install, ou "
            "pip install lxml_html_clean trafilatura)"
        )
    return None


def _trafilatura_blocks(tree: Any) -> TextBuilder:
    """The main content as trafilatura sees it (an empty builder if it finds nothing or fails).

    Raises :class:`UnreadableError` when trafilatura cannot be imported at all.
    """
    problem = html_extractor_problem()
    if problem is not None:
        raise UnreadableError(problem)
    import trafilatura

    b = TextBuilder()
    try:
        result: Any = trafilatura.bare_extraction(
            copy.deepcopy(tree),
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=False,
            deduplicate=False,
        )
        body = getattr(result, "body", None)
        if body is not None:
            _walk_extracted(body, b)
    except Exception:  # trafilatura failing on one page is not fatal: the plain reader takes over
        logger.warning("trafilatura n'a pas pu extraire le contenu principal ; lecture simple", exc_info=True)
        return TextBuilder()
    return b


#: Where the plain reader looks for the content, in this order.
_HTML_CONTAINERS = ("//main", "//article", "//*[@role='main']", "//body")


def read_html(data: bytes) -> Reading:
    """Main content of a page: navigation, header, footer, asides, scripts, styles and forms removed.

    The page is first cleaned structurally (:func:`_clean_html_tree`), then trafilatura picks
    the main content. When trafilatura finds nothing, or loses the headings of a short page
    that the plain reader keeps at a similar length, the plain reader's text is used.
    """
    source = _XML_DECL.sub("", _decode_html(data))
    if not source.strip():
        return Reading("", "", ())
    try:
        tree = _lxml("html").document_fromstring(source)
    except Exception as exc:  # lxml raises several types for broken input
        raise UnreadableError("page HTML illisible : " + RESAVE_HINT) from exc
    raw_h1 = next((t for t in (tidy_title(_xml_text(h)) for h in tree.xpath("//h1")) if t), "")
    page_title = next((t for t in (tidy_title(_xml_text(h)) for h in tree.xpath("//title")) if t), "")

    _clean_html_tree(tree)
    plain = TextBuilder()
    container = next((found[0] for xp in _HTML_CONTAINERS if (found := tree.xpath(xp))), tree)
    _walk_html(container, plain)
    plain_built = plain.build()
    extracted = _trafilatura_blocks(tree)
    built, b = extracted.build(), extracted
    if not built.text.strip() or (
        not built.headings and plain_built.headings and len(plain_built.text) <= 1.3 * len(built.text)
    ):
        built, b = plain_built, plain

    title = next((label for _, level, label in built.headings if level == 1), "") or raw_h1
    if not title and page_title:
        parts = re.split(r"\s+[|–—]\s+", page_title)  # « Titre | Nom du site »
        title = parts[0] if len(parts) > 1 and len(parts[0]) >= 10 else page_title
    return Reading(built.text, title or b.first_heading() or txt_title(built.text), built.sections)
