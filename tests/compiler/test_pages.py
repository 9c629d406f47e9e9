"""Pages: every excerpt has a printed or an estimated page, and the estimate is measured (README, docs/data-format.md)."""

from __future__ import annotations

import itertools

from rdflib.namespace import RDF

from collab_graph.common.namespaces import CG
from collab_graph.compiler.pages import estimator_for, find_mentions, index_terms, leave_one_out, page_markers


def test_every_excerpt_has_a_page_printed_or_estimated(graph):
    excerpts = set(graph.subjects(RDF.type, CG.SourceExcerpt))
    without = [e for e in excerpts if graph.value(e, CG.page) is None and graph.value(e, CG.estimatedPage) is None]
    assert len(excerpts) > 900 and without == []
    both = [e for e in excerpts if graph.value(e, CG.page) is not None and graph.value(e, CG.estimatedPage) is not None]
    assert both == []


def test_estimated_pages_never_go_down_as_the_lines_go_on(graph):
    pages = sorted((int(graph.value(e, CG.lineStart)), int(p)) for e, p in graph.subject_objects(CG.estimatedPage))
    assert all(a[1] <= b[1] for a, b in itertools.pairwise(pages))


def test_leave_one_out_accuracy_is_what_the_readme_says(project, graph):
    """Each printed page number left out in turn and estimated from the rest (figures quoted in README)."""
    lines = project.source.read_text(encoding="utf-8").splitlines()
    stop = 5597
    anchors = page_markers(lines, stop)
    accuracy = leave_one_out(anchors, find_mentions(lines, index_terms(graph), stop))
    assert len(accuracy.errors) == len(anchors) == 9
    assert (accuracy.exact, accuracy.within_one) == (4, 9)
    assert round(accuracy.mean_absolute_error, 2) == 0.56


def test_curated_printed_pages_agree_with_the_estimate_within_two(project, graph):
    lines = project.source.read_text(encoding="utf-8").splitlines()
    estimator = estimator_for(graph, lines, 5597)
    far = [
        (int(graph.value(e, CG.lineStart)), int(p))
        for e, p in graph.subject_objects(CG.page)
        if (e, RDF.type, CG.SourceExcerpt) in graph and abs(estimator.page(int(graph.value(e, CG.lineStart))) - int(p)) > 2
    ]
    assert far == []
