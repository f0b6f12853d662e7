"""The four checklists: 20 points each, in seed order, valid citations, clear loader errors."""
from __future__ import annotations

import re

import pytest

from workbench.checklists import ANSWERS, ChecklistError, available, citations, load_checklist
from workbench.checklists.loader import load_checklist as load_uncached

from .conftest import SHARED

SCENARIOS = ["account_transfer", "deregistration", "joint_stock_deregistration", "post_deregistration"]
ARTICLE = re.compile(r"^第([一二三四五六七八九十百零]+)条", re.M)
DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def chinese_number(text: str) -> int:
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = DIGITS[ch]
    return total + current


def test_four_scenarios_with_twenty_points():
    assert available() == SCENARIOS
    for scenario in SCENARIOS:
        checklist = load_checklist(scenario)
        assert [p.id for p in checklist.points] == [f"P{i:02d}" for i in range(1, 21)]
        assert all(p.controls and p.title_en for p in checklist.points)
        assert all(c.question_zh.startswith("是否") for p in checklist.points for c in p.controls)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_points_follow_the_seed_in_order(scenario):
    checklist = load_checklist(scenario)
    seed = SHARED / "seeds" / checklist.seed
    if not seed.is_file():
        pytest.skip("seeds not available")
    headings = re.findall(r"^[一二三四五六七八九十]+、(.+)$", seed.read_text("utf-8"), re.M)
    assert len(headings) == 19          # point 一 is the seed's untitled introduction
    assert [p.title_zh for p in checklist.points[1:]] == [h.strip() for h in headings]


def test_material_points_weigh_most_and_fluff_least():
    for scenario in SCENARIOS:
        points = load_checklist(scenario).points
        by_cat = {p.category: p.weight for p in points}
        if "deletion" in by_cat:
            assert by_cat["deletion"] == 5
        fluff = [p for p in points if re.search("品牌|可持续|未来趋势|满意度|团队建设", p.title_zh)]
        assert fluff and all(p.weight == 1 for p in fluff)


def test_deletion_and_transfer_points_cite_what_governs_them():
    for scenario in SCENARIOS:
        for p in load_checklist(scenario).points:
            cited = set(p.legal_basis)
            if p.category == "deletion":
                assert ("PIPL", 47) in cited
            if p.category == "transfer":
                assert ("PIPL", 22) in cited


def official_articles(law_file: str) -> dict[int, str]:
    text = (SHARED / "legal" / law_file).read_text("utf-8")
    parts = ARTICLE.split(text)
    return {chinese_number(parts[i]): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_every_cited_article_exists_and_is_about_what_we_say():
    if not (SHARED / "legal").is_dir():
        pytest.skip("legal texts not available")
    table = citations()
    for law, articles in table["articles"].items():
        official = official_articles(table["laws"][law]["source"])
        for number, entry in articles.items():
            assert number in official, f"{law} Art. {number} does not exist"
            body = official[number][:1500]
            missing = [k for k in entry["keywords"] if k not in body]
            assert not missing, f"{law} Art. {number} does not mention {missing}"


def test_answer_scale():
    assert ANSWERS == ("compliant", "partial", "non_compliant", "not_applicable")


def test_broken_yaml_names_file_and_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("scenario: x\npoints: [\n  - id: P01\n", "utf-8")
    with pytest.raises(ChecklistError) as err:
        load_uncached(path)
    assert "broken.yaml:" in str(err.value) and "invalid YAML" in str(err.value)


def test_schema_error_names_line(tmp_path):
    source = load_checklist("deregistration").path.read_text("utf-8")
    path = tmp_path / "bad.yaml"
    path.write_text(source.replace("weight: 5", "weight: 9", 1), "utf-8")
    with pytest.raises(ChecklistError) as err:
        load_uncached(path)
    message = str(err.value)
    assert re.search(r"bad\.yaml:\d+: point P\d\d: weight must be an integer 1-5", message)
