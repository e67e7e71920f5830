"""The province's web console (/console/): accounts, pages, the access log."""
