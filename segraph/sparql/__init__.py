"""Stage 3: SPARQL on a graph or an endpoint: queries, result formats, statistics, competency
questions, the server."""
