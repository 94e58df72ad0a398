"""Builds workspace-before-perf.glossary: a small workspace as glossary wrote it before issue 19.

Run it with the code of that time on the path, from a checkout of main before the perf branch landed:

    PYTHONPATH=/path/to/old/checkout python tests/data/build_workspace_before_perf.py OUT

Its ``variant`` table still has the ``tokens`` column (Moses/jieba words) that migration
``memories/variant tokens dropped`` removes; tests/unit/test_store.py opens a copy and checks the migration.
"""

from __future__ import annotations

import sys
from pathlib import Path

from memories.model import TranslationUnit, Variant
from memories.store import Workspace


def main(out: Path) -> None:
    with Workspace(out) as ws, ws.atomic():
        origin = ws.add_origin("joint-statement.tmx", "tmx")
        ws.add_unit(
            TranslationUnit(
                (
                    Variant(
                        "en",
                        "China and ASEAN will build a closer community with a shared future.",
                        notes=("checked",),
                        props=(("x-client", "MFA"),),
                    ),
                    Variant("zh-CN", "中国和东盟将构建更为紧密的中国－东盟命运共同体。"),
                    Variant("fr", "La Chine et l'ASEAN bâtiront une communauté de destin plus étroite."),
                ),
                tuid="js-1",
                created_by="translator",
                created_at="20261128T015500Z",
                notes=("from the 2026 joint statement",),
                props=(("x-domain", "diplomacy"),),
            ),
            origin,
        )
        ws.add_unit(
            TranslationUnit(
                (
                    Variant("en", "The Security Council remains seized of the matter."),
                    Variant("zh-CN", "安全 理事会 继续 处理 此案 。"),
                )
            ),
            origin,
        )
        ws.update_variant(1, "en", "China and ASEAN will build an even closer community with a shared future.",
                          by="reviewer")  # fmt: skip
    for suffix in ("-wal", "-shm"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
