"""Reusable widgets of the workbench: the lookup's panes, the glossary's concept table, the editor's panes, the
dialogs' fields."""
