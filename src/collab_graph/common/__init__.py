"""Small helpers every stage shares: atomic writes, CSV cells, errors, project paths, namespaces,
labels, the network guard and text tables. None imports a heavy library at start-up except
:mod:`.labels` and :mod:`.namespaces` (rdflib), which only the graph-reading stages import."""
