"""Command modules: each ``glossary/commands/*.py`` adds its commands to ``glossary.cli.cli`` when imported."""
