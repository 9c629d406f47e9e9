"""Stage 5, briefing reports: one printable page per area, organisation, initiative or theme.

Modules: :mod:`.gather` (the graph by SPARQL), :mod:`.content` (what a page says), :mod:`.compare`
(how the subject compares, from :mod:`collab_graph.analysis`), :mod:`.svg` (the network picture),
:mod:`.render` (the HTML page), :mod:`.pdf` (printing), :mod:`.make` (:func:`report`, :class:`Reporter`).

``collab_graph.report`` is this folder and also the function: ``report(area="Merseyside")`` returns a
:class:`~collab_graph.report.make.Report` that displays inline in JupyterLab. (A package's folder
shadows a function of the same name on the package root, so the folder itself is made callable.)
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableStage(types.ModuleType):
    """The ``collab_graph.report`` module, callable as :func:`collab_graph.report.make.report`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from .make import report

        return report(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableStage
