"""The documentation site: pages generated from the statute library, and the case checker."""
