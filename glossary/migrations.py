"""Schema migrations of the glossary layer (the termbase tables), registered with the workspace on import."""
