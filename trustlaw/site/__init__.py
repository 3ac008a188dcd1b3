"""The documentation site: statute pages (docgen) and the escaping every page relies on (escape)."""
