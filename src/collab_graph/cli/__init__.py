"""Stage 6: the ``collab-graph`` command line, one module per command group.

:mod:`.app` holds the group, its global options and :func:`main`; :mod:`.graph` the commands that
compile and read the graph; :mod:`.query`, :mod:`.analyse`, :mod:`.map` and :mod:`.store` the
rest. Heavy libraries are imported inside the commands that need them, so ``--help`` is quick.
"""

from .app import cli, main

__all__ = ["cli", "main"]
