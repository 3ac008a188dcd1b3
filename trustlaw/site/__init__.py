"""The documentation site: Markdown pages generated from the statute library."""
