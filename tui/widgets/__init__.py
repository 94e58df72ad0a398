"""Reusable widgets of the workbench: the editor's segment list, target editor, match, term and QA lists."""
