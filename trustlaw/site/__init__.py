"""The documentation site: pages from the statute library, their escaping, the case checker."""
