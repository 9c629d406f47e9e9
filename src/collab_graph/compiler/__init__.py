"""Stage 1: compile the YAML records in ``graph/`` with ``ontology/`` into RDF, validate it, write the release.

Use: ``from collab_graph.compiler import compile_project``.
"""

from .base import Compiled
from .build import compile_project

__all__ = ["Compiled", "compile_project"]
