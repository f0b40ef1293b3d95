"""The segraph ontology, concept schemes, shapes and competency questions."""
