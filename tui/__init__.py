"""The Textual workbench: screens, widgets and styles over the glossary and memories APIs; no domain logic."""
