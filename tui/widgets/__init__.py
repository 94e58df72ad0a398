"""Reusable widgets of the workbench: the lookup's panes, the glossary's concept table, the memory's unit detail,
the editor's panes, the dialogs' fields."""
