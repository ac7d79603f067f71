"""The name wing: folding text, the world's country names, lookup indexes, the resolver."""
