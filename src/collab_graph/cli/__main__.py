"""``python -m collab_graph.cli``: the same as the ``collab-graph`` command."""

from .app import main

main()
