"""The workspace's write lock, on both back ends: a second writer waits, says so once, and gives up in one line."""

from __future__ import annotations

import pytest

from memories.errors import WorkspaceBusyError
from memories.model import TranslationUnit, Variant
from memories.store import Workspace


def test_a_second_writer_waits_says_so_once_and_gives_up_in_one_line(backend: str) -> None:
    first, second = Workspace(backend, migrate=True), Workspace(backend)
    said: list[str] = []
    second.lock_timeout = 1.5
    second.on_wait = lambda: said.append("waiting")
    try:
        with first.atomic():
            first.add_unit(TranslationUnit((Variant("en", "held"),)))
            with (
                pytest.raises(WorkspaceBusyError, match="another glossary process") as refused,
                second.atomic(),
            ):
                second.add_unit(TranslationUnit((Variant("en", "refused"),)))
        assert said == ["waiting"] and "\n" not in str(refused.value)
        # Once the first writer has committed, the second one writes.
        with second.atomic():
            second.add_unit(TranslationUnit((Variant("en", "later"),)))
        assert sorted(u.variants[0].text for u in first.units()) == ["held", "later"]
    finally:
        first.close()
        second.close()
