"""Property: any mutation of a real TMX or PO file imports cleanly or is refused cleanly, never a traceback."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from memories.errors import InputError
from memories.importer import import_files
from memories.store import Workspace
from tests.conftest import SHARED, dump, shared
from tests.mutations import KINDS, Mutation, sample_files

_counter = itertools.count()


def test_sample_files_exist() -> None:
    files = sample_files(shared())
    assert len(files) > 40


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    index=st.integers(min_value=0),
    mutations=st.lists(
        st.builds(Mutation, st.sampled_from(KINDS), st.floats(0, 1), st.integers(0, 255)),
        min_size=1,
        max_size=3,
    ),
)
def test_mutated_file_imports_or_is_refused_and_leaves_no_trace(
    tmp_path: Path, workspace: Workspace, index: int, mutations: list[Mutation]
) -> None:
    files = sample_files(SHARED) if SHARED.is_dir() else []
    if not files:
        shared()  # skips with the reason
    original = files[index % len(files)]
    data = original.read_bytes()
    for mutation in mutations:
        data = mutation.apply(data)
    mutated = tmp_path / f"m{next(_counter)}-{original.name}"
    mutated.write_bytes(data)
    before = dump(workspace.path)
    try:
        import_files(workspace, [mutated])
    except InputError as exc:
        assert str(exc).startswith(str(mutated)), str(exc)
        assert "\n" not in str(exc).strip()
        assert dump(workspace.path) == before
    assert workspace.integrity_check() == "ok"
