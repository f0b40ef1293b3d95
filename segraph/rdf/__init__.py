"""Stage 2: the ecosystem as RDF: vocabulary, triples, stores, reading, writing, SHACL."""
