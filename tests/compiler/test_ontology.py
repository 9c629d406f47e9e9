"""The ontology: every term of our own is documented, and the vocabularies drive the data's allowed values."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from collab_graph.common.namespaces import CG

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for name in ("collab.ttl", "analysis.ttl"):
        graph.parse(ONTOLOGY / name, format="turtle")
    return graph


def test_every_own_class_and_property_has_a_label_and_a_comment(ontology):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property, RDFS.Class)
    terms = {s for kind in kinds for s in ontology.subjects(RDF.type, kind) if str(s).startswith(str(CG))}
    assert len(terms) > 40
    undocumented = sorted(str(t) for t in terms if not ontology.value(t, RDFS.label) or not ontology.value(t, RDFS.comment))
    assert not undocumented, f"terms without rdfs:label and rdfs:comment: {undocumented}"


def test_every_term_used_in_the_data_is_declared(graph, ontology):
    used = {p for p in graph.predicates() if str(p).startswith(str(CG))}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(CG))}
    declared = set(ontology.subjects())
    assert sorted(str(t) for t in used - declared) == []
