"""The documentation site: pages generated from the statute library, the escaping they rely on, and the case checker."""
