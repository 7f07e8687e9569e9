"""The vector store: its protocol and records (base.py), the Chroma adapter (chroma.py), and a
shared Chroma server (address.py, server.py). This package is the only place that imports chromadb.

Where the vectors of a generation live is written in its manifest (``server_namespace``): empty,
in the generation folder (``gen-…/chroma``, an embedded ``PersistentClient``); otherwise in two
collections of the server of ``COOP_CHROMA_URL`` named after that namespace and the folder (see
server.py). Everything else of an index (manifest, BM25, document texts, locks) stays in its folder.
"""

from __future__ import annotations

from .address import ChromaServer, parse_server_url
from .base import ChunkMatch, SentenceMatch, SentenceVector, VectorStore
from .chroma import ChromaStore, copy_store

__all__ = [
    "ChromaServer",
    "ChromaStore",
    "ChunkMatch",
    "SentenceMatch",
    "SentenceVector",
    "VectorStore",
    "copy_store",
    "parse_server_url",
]
