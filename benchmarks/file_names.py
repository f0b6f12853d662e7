"""Cost and effect of masking personal names in file names (``mask_file_name``).

    python benchmarks/file_names.py [FOLDER ...]

Times 10,000 distinct file names, half of them with Chinese text (a third of those starting
with a generated person's name, the rest two dictionary words), under ``mask_identifiers``
(before) and ``mask_file_name`` (after), and counts what changed; then lists every file,
folder and workbook sheet name under each FOLDER that ``mask_file_name`` changes (the
samples and the evaluation sets should show none).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from workbench.pii import mask_file_name
from workbench.pii.cn.person import vocabulary
from workbench.pii.masking import mask_identifiers

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉红建文斌宇浩凯"


def names(seed: int = 7) -> tuple[list[str], set[str]]:
    """10,000 distinct names and the subset that holds a person's name."""
    rng = random.Random(seed)
    words = sorted(w for w in vocabulary() if len(w) == 2)
    rng.shuffle(words)
    words = words[:3000]
    out, people = [], set()
    for i in range(5000):
        out.append(f"export_{20240101 + i}.csv" if i % 2 else f"orders_{i}.parquet")
        if i % 3 == 0:
            person = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            out.append(f"{person}_{rng.choice(words)}{i}.pdf")
            people.add(out[-1])
        else:
            out.append(f"{rng.choice(words)}{rng.choice(words)}_{i}.xlsx")
    return out, people


def timing() -> None:
    listed, people = names()
    mask_file_name("王五简历.docx")  # LAC loaded once, as a scan has it loaded
    for label, fn in (("mask_identifiers (before)", mask_identifiers), ("mask_file_name (after)", mask_file_name)):
        started = time.perf_counter()
        masked = [fn(n) for n in listed]
        took = time.perf_counter() - started
        changed = {n for n, m in zip(listed, masked) if n != m}
        print(
            f"{label}: {took:.2f} s for {len(listed):,} names; {len(changed & people)}/{len(people)} "
            f"person names masked, {len(changed - people)}/{len(listed) - len(people)} others changed"
        )


def folder_names(folder: Path) -> None:
    import openpyxl

    seen = set()
    for path in sorted(folder.rglob("*")):
        seen.add(path.name)
        if path.suffix == ".xlsx":
            seen.update(openpyxl.load_workbook(path, read_only=True).sheetnames)
    changed = [(n, mask_file_name(n)) for n in sorted(seen) if mask_file_name(n) != n]
    print(f"{folder}: {len(seen)} file, folder and sheet names, {len(changed)} changed {changed}")


if __name__ == "__main__":
    timing()
    for arg in sys.argv[1:]:
        folder_names(Path(arg))
