"""Writing rez's resolve graph to a file (``resolve --graph FILE``).

``.dot`` is rez's Graphviz text as is; ``.svg``, ``.png`` and ``.pdf``
are drawn by Graphviz's ``dot`` program (Debian/Ubuntu package
``graphviz``), which must be on ``PATH``. The file appears whole or not
at all.
"""
import os
import shutil
import subprocess
import uuid

from .output import write_text_atomically

#: Extensions drawn by ``dot``, and its output format for each.
DRAWN_FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf"}


class GraphNotWritten(Exception):
    """The graph could not be written; the message says why and how."""


def write_graph(dot_text: str, path: str) -> str:
    """Write a resolve graph as ``.dot``, or drawn by Graphviz.

    Returns:
        ``path``.

    Raises:
        GraphNotWritten: Unknown extension, no ``dot`` program, or it
            failed.
    """
    extension = os.path.splitext(path)[1].lower()
    if extension == ".dot":
        return write_text_atomically(path, dot_text)
    output_format = DRAWN_FORMATS.get(extension)
    if output_format is None:
        raise GraphNotWritten(
            f"Cannot write the resolve graph as \"{path}\": use a .dot"
            f" file, or {', '.join(DRAWN_FORMATS)} (drawn by Graphviz)"
        )
    program = shutil.which("dot")
    if program is None:
        raise GraphNotWritten(
            f"Cannot draw the resolve graph as \"{path}\": Graphviz's"
            " \"dot\" program is not on PATH. Install Graphviz (Debian,"
            " Ubuntu: apt-get install graphviz; https://graphviz.org) or"
            " write a .dot file instead."
        )
    folder = os.path.dirname(os.path.abspath(path))
    # dot creates it, with the usual permissions; renamed over when whole
    tmp_path = os.path.join(
        folder, f".{os.path.basename(path)}.{uuid.uuid4().hex}{extension}"
    )
    try:
        result = subprocess.run(
            [program, f"-T{output_format}", "-o", tmp_path],
            input=dot_text, capture_output=True, text=True, timeout=120,
        )
        if result.returncode != 0:
            raise GraphNotWritten(
                f"Graphviz could not draw \"{path}\":"
                f" {result.stderr.strip() or result.returncode}"
            )
        os.replace(tmp_path, path)
    finally:
        if os.path.exists(tmp_path):
            os.remove(tmp_path)
    return path
