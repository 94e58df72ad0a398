"""The workbench app; ``make_app(workspace)`` builds it for the CLI and for the tests alike."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from memories.store import Workspace
from tui.screens.glossary import GlossaryScreen
from tui.screens.help import HelpScreen
from tui.screens.lookup import LookupScreen
from tui.screens.memory import MemoryScreen

__all__ = ["GlossaryApp", "make_app"]


class GlossaryApp(App[None]):
    """Three screens over one workspace: lookup (home), glossary and memory; the database holds the truth."""

    CSS_PATH = "app.tcss"
    TITLE = "glossary"
    MODES: ClassVar[dict[str, type[Screen[None]]]] = {  # type: ignore[assignment]
        "lookup": LookupScreen,
        "glossary": GlossaryScreen,
        "memory": MemoryScreen,
    }
    DEFAULT_MODE = "lookup"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help"),
        Binding("f2", "switch_mode('lookup')", "Lookup"),
        Binding("f3", "switch_mode('glossary')", "Glossary"),
        Binding("f4", "switch_mode('memory')", "Memory"),
    ]

    def __init__(self, workspace: Workspace, source: str = "en", target: str = "zh-CN") -> None:
        super().__init__()
        self.workspace = workspace
        self.source = source
        self.target = target
        self._languages: tuple[str, ...] | None = None

    def on_mount(self) -> None:
        self.sub_title = self.workspace.path.name

    def set_pair(self, source: str, target: str) -> None:
        self.source, self.target = source, target

    def languages(self) -> tuple[str, ...]:
        """The memory's languages, most variants first (read once: switching targets must stay instant)."""
        if self._languages is None:
            self._languages = self.workspace.languages()
        return self._languages

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Lookup", "TM matches, terms and concordance (F2)", self._mode("lookup"))
        yield SystemCommand("Glossary", "Concepts and the candidate queue (F3)", self._mode("glossary"))
        yield SystemCommand("Memory", "Browse, edit and delete translation units (F4)", self._mode("memory"))
        yield SystemCommand("Help", "Every key of the workbench (F1)", self.action_help)
        # The current screen's own actions, by their footer names.
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and binding.description:
                yield SystemCommand(
                    binding.description, f"{binding.key} on this screen", self._screen_action(screen, binding)
                )

    def _mode(self, mode: str) -> Callable[[], object]:
        return lambda: self.switch_mode(mode)

    def _screen_action(self, screen: Screen[object], binding: Binding) -> Callable[[], Awaitable[object]]:
        async def run() -> None:
            await self.run_action(binding.action, screen)

        return run


def make_app(workspace: Workspace, source: str = "en", target: str = "zh-CN") -> GlossaryApp:
    return GlossaryApp(workspace, source, target)
