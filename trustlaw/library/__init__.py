"""The statute library: load a statute by id, path or date; `Statute` decides cases."""
