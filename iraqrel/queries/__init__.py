"""Questions asked of a loaded dataset; each returns a typed Answer: rows and what they rest on.

`readings` holds what every question shares (a relationship read with its date and source,
the filters, the provenance, the ranking); `answers` the questions about many counterparts;
`profile` the question about one name.
"""
