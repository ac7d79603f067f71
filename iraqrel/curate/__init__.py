"""Curating: drafting records from a new document (`draft`) and merging a coded draft into a
dataset (`add`). Above the queries and checks, below the views: `add` runs verify."""
