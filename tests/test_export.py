"""The Markdown export shows document text as text in any viewer (issue 12, item 9).

The probe: a file name with a backtick closed the code span and let ``<img onerror…>`` through;
``![](http://…)`` and ``[x](javascript:…)`` from documents passed unchanged. The export is
rendered here by a real CommonMark renderer (markdown-it-py, installed with gradio) and the
resulting HTML must hold no tag from a document, no link and no image, while showing the text.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from assistant.types import Answer, Chunk, Citation, Hit
from assistant.ui import Conversation, Turn, conversation_markdown

SOURCE = "rapport`<img src=x onerror=alert(1)>`` fin.txt"
TITLE = "Rapport ![](http://example.com/pixel.png) [lien](javascript:alert(2))"
QUOTE = (
    "Voir [cliquez ici](javascript:alert(3)) et ![suivi](http://example.com/t.png) puis <img src=x onerror=alert(4)>.\n"
    "[1]: javascript:alert(5)\n"
    "<http://example.com/auto> &lt;script&gt;alert(6)&lt;/script&gt; `code` \\[échappé\\]"
)


def hostile_conversation() -> Conversation:
    citation = Citation(1, SOURCE, TITLE, "Section <b>gras</b>", 0, len(QUOTE), QUOTE, 0.9, 0, len(QUOTE))
    answered = Turn(
        "Que dit le rapport ? ![](http://example.com/q.png)",
        filters={"source": [SOURCE]},
        answer=Answer("Q", "Q [x](javascript:alert(7))", QUOTE + " [1]", False, (citation,), ()),
        pending=False,
    )
    chunk = Chunk("c1", SOURCE, 0, len(QUOTE), QUOTE, TITLE)
    abstained = Turn(
        "Et ailleurs ?",
        answer=Answer("Q2", "Q2", "Je n'ai pas trouvé.", True, (), (Hit(chunk, 0.5, 1),)),
        pending=False,
    )
    return Conversation(turns=[answered, abstained])


def test_export_of_hostile_document_text_renders_as_plain_text() -> None:
    markdown = conversation_markdown(hostile_conversation(), titles={SOURCE: TITLE})
    rendered = MarkdownIt("commonmark").render(markdown)
    tags = set(re.findall(r"<([a-z0-9]+)", rendered))
    assert tags <= {"h1", "h2", "h3", "p", "em", "strong", "ol", "li", "blockquote", "code", "br"}, tags
    assert "<a " not in rendered and "<img" not in rendered and "href=" not in rendered
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    # every hostile piece is still there, as text
    assert SOURCE in text  # the file name, backticks included, inside its code span
    assert "![](http://example.com/pixel.png) [lien](javascript:alert(2))" in text
    assert "[cliquez ici](javascript:alert(3))" in text and "<img src=x onerror=alert(4)>" in text
    assert "[1]: javascript:alert(5)" in text and "<http://example.com/auto>" in text
    assert "&lt;script&gt;alert(6)&lt;/script&gt;" in text and "`code`" in text and "\\[échappé\\]" in text
    assert "Section <b>gras</b>" in text
    assert "Q [x](javascript:alert(7))" in text


def test_file_names_with_backticks_stay_inside_their_code_span() -> None:
    markdown = conversation_markdown(hostile_conversation())
    line = next(x for x in markdown.splitlines() if x.startswith("1. **"))
    rendered = MarkdownIt("commonmark").renderInline(line)
    spans = re.findall(r"<code>(.*?)</code>", rendered)
    assert [html.unescape(s) for s in spans] == [SOURCE]
