"""French knowledge in one place: folding, shared patterns and word lists.

* :mod:`.folding`: :func:`fold` (lower case, no accents, ligatures spelled out), with the original
  offsets kept by :func:`fold_offsets`, and :func:`straighten` (apostrophes, spaces, hyphens);
* :mod:`.patterns`: capitals, capitalised words, names of places and authorities, list items;
* :mod:`.dates`: month names, weekdays, dates as written and dates of folded text;
* :mod:`.lexicon`: the word lists of ``assistant/data/french.json``, ``themes.json`` and
  ``place_words.json``, read on first use.
"""

from .folding import Folded, fold, fold_offsets, straighten

__all__ = ["Folded", "fold", "fold_offsets", "straighten"]
