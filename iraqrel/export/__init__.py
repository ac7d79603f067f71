"""`iraqrel export`: the whole dataset in the formats other tools read.

`rows` the flat tables (relationships, evidence, dyads) and the one flattening rule; `network`
the graph of Iraq's actors and their counterparts; `graphs` that graph as GraphML, GEXF, DOT
and Mermaid; `database` SQLite with a full-text index and Datasette's metadata;
`webannotation` W3C Web Annotations; `formats` which format writes what, and where.
Quotes are exported verbatim, as the sources have them: nothing is escaped for a spreadsheet.

This module names the formats only, so that the command line can offer them without loading
any writer.
"""

from enum import Enum


class ExportFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    evidence = "evidence"
    dyads = "dyads"
    graphml = "graphml"
    gexf = "gexf"
    dot = "dot"
    mermaid = "mermaid"
    sqlite = "sqlite"
    annotations = "annotations"
