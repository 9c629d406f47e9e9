"""Stage 3: SPARQL — the library of ready questions (:mod:`.library`, ``queries/*.rq``), the text
and safety checks, preparing and running a query, results in every format, and the SPARQL 1.1
Protocol endpoint (:mod:`.server`)."""
