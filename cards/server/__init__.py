"""`drillcards serve`: the catalogue, drill pages and a session builder in the browser, and an
HTTP contract for scripts; a thin face over the same products the command line calls."""
