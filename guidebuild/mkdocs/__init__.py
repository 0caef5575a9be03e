"""The MkDocs adapter: options, event glue, the page seam and the page-cache bridge; the only package that imports MkDocs."""
