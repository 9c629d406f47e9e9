"""The choices the ``map`` command offers (no heavy imports: the CLI reads them at start-up)."""

LAYOUTS = ("spring", "geographic")
COLOURS = ("sector", "cluster")
SIZES = ("betweenness", "eigenvector", "partners", "weighted_degree", "implementations", "initiatives", "themes", "cross_sector")
VIEWS = ("network", "focus", "initiative", "theme", "area", "bipartite")
