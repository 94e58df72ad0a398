"""The workbench's screens: lookup (home), glossary, memory and help."""
