"""Qt item models adapting the core's documents and search results for the widgets."""
