"""Stage 4: networkx views of the graph and their analysis: measures, brokerage, communities."""
