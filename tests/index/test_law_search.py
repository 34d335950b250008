"""Search over legal texts: article queries, versions, folding and the outline command."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.article_query import document_names, interpret, split_article_reference
from index.folding import fold_text
from index.query import parse_query
from index.search import IndexSearcher
from index.store import build_index
from tests.library_index import bundled_corpus, library_index

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "resources" / "corpus"
LAWS = CORPUS / "laws"
SUBSET = (
    "行政法/数据安全法(2021-06-10).md",
    "行政法/个人信息保护法(2021-08-20).md",
    "行政法/网络安全法(2016-11-07).md",
    "行政法/保守国家秘密法(2010-04-29).md",
    "行政法/保守国家秘密法(2024-02-27).md",
    "民法商法/著作权法(2020-11-11).md",
    "行政法规/人民警察警衔标志式样和佩带办法(2000-08-18).md",
)
DASHED = """# 示例规定

2020年1月2日 公布

<!-- INFO END -->

第一条 甲方 -- 乙方的约定从其约定。
"""
DATA_LAW = "laws/行政法/数据安全法(2021-06-10)"
PI_LAW = "laws/行政法/个人信息保护法(2021-08-20)"


@pytest.fixture(scope="module")
def law_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("laws")
    for name in SUBSET:
        target = root / "laws" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((LAWS / name).read_bytes())
    (root / "laws" / "部门规章" / "示例部").mkdir(parents=True)
    (root / "laws" / "部门规章" / "示例部" / "示例规定(2020-01-02).md").write_text(DASHED, "utf-8")
    seed = CORPUS / "000_1d295d036ad38628.txt"
    (root / seed.name).write_bytes(seed.read_bytes())
    return root


@pytest.fixture(scope="module")
def law_index(law_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("law-index") / "ix"
    build_index(law_corpus, out, strict=True)
    return out


@pytest.fixture(scope="module")
def laws(law_index: Path) -> Iterator[IndexSearcher]:
    with IndexSearcher(law_index) as searcher:
        yield searcher


@pytest.mark.parametrize(
    ("query", "doc_id", "label"),
    [
        ("数据安全法第二十一条", DATA_LAW, "第二十一条"),
        ("数据安全法 21条", DATA_LAW, "第二十一条"),
        ("数据安全法 第21条", DATA_LAW, "第二十一条"),
        ("个人信息保护法 第13条", PI_LAW, "第十三条"),
        ("《中华人民共和国个人信息保护法》第十三条", PI_LAW, "第十三条"),
        ("个人信息保护法第十三条第二款", PI_LAW, "第十三条"),
    ],
)
def test_a_query_naming_a_document_and_an_article_puts_it_first(
    laws: IndexSearcher, query: str, doc_id: str, label: str
) -> None:
    result = laws.search(query)
    first = result.hits[0]
    assert (first.doc_id, first.article) == (doc_id, label)
    if "款" in query:
        assert first.clause == 2 and first.kind == "paragraph"
    else:
        assert first.kind == "article" and first.text.startswith(label)
    assert result.total >= len(result.hits)


def test_article_reference_parsing() -> None:
    reference, rest = split_article_reference("数据安全法 21条")
    assert reference is not None and (reference.number, reference.label) == (21, "第二十一条")
    assert rest == "数据安全法"
    assert split_article_reference("一条路")[0] is None
    names = {name: ("d",) for name in document_names("中华人民共和国数据安全法")}
    assert interpret("数据安全法", names) is not None
    assert interpret("数据安全", names) is None  # a name is matched whole, not as a prefix


def test_a_library_wide_article_label_ranks_the_articles_themselves(laws: IndexSearcher) -> None:
    result = laws.search("第二十一条", limit=5)
    assert result.hits
    articles = [hit for hit in result.hits if hit.kind == "article"]
    assert len(articles) >= 4
    assert result.hits[: len(articles)] == tuple(articles)
    assert all(hit.text.startswith("第二十一条") for hit in articles)


def test_titles_take_part_at_document_level(laws: IndexSearcher) -> None:
    result = laws.search("个人信息保护法 同意", limit=10)
    assert result.hits[0].doc_id == PI_LAW
    assert all("同意" in hit.text for hit in result.hits[:5])
    alone = laws.search("数据安全法", limit=3)
    assert alone.hits[0].kind == "title" and alone.hits[0].doc_id == DATA_LAW


def test_list_items_never_outrank_their_article(laws: IndexSearcher) -> None:
    for query in ("个人信息", "处理", "数据", "国家"):
        result = laws.search(query, limit=None)
        rank = {(hit.doc_id, hit.block_id): i for i, hit in enumerate(result.hits)}
        heads = {
            (hit.doc_id, hit.article): i
            for i, hit in enumerate(result.hits)
            if hit.kind == "article"
        }
        for i, hit in enumerate(result.hits):
            if hit.kind in ("item", "subitem", "paragraph") and hit.article:
                head = heads.get((hit.doc_id, hit.article))
                if head is not None:
                    assert head < i, (query, hit.text)
        assert len(rank) == len(result.hits)


def test_zhu_is_folded_only_where_it_is_the_particle(laws: IndexSearcher) -> None:
    assert fold_text("發揮著") == fold_text("发挥着")
    assert fold_text("著作") != fold_text("着作")
    works = laws.search("著作", limit=None)
    assert works.total > 50
    assert not any("着作训服" in hit.text for hit in works.hits)
    assert works.total == len(works.hits)
    uniform = laws.search("着作训服", limit=None)
    assert uniform.total >= 1 and all("着作训服" in hit.text for hit in uniform.hits)
    particle = laws.search("发挥着", limit=None)
    assert any("發揮著" in hit.text for hit in particle.hits)
    # A 著 cut from its context at a term's edge still finds 显著.
    assert laws.search("著提高").total == laws.search("显著提高").total


def test_current_versions_by_default_and_all_on_request(laws: IndexSearcher) -> None:
    current = laws.search("保守国家秘密", limit=None)
    every = laws.search("保守国家秘密", limit=None, all_versions=True)
    assert current.hits and all(hit.current for hit in current.hits)
    assert every.total > current.total
    old = [hit for hit in every.hits if not hit.current]
    assert old and all(hit.doc_date == "2010-04-29" for hit in old)
    # One frequent character: its total comes from the precomputed counts.
    single = laws.search("密")
    assert single.total == len(laws.match_docnums("密"))
    assert single.total < len(laws.match_docnums("密", all_versions=True))


def test_a_copied_double_dash_does_not_exclude_its_own_block(laws: IndexSearcher) -> None:
    result = laws.search("甲方 -- 乙方")
    assert result.total == 1 and "--" in result.hits[0].text
    # A dash before a word still excludes it.
    excluding = laws.search("约定 -乙方", limit=None)
    assert excluding.total == laws.search("约定").total - 1
    assert not any("乙方" in hit.text for hit in excluding.hits)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "index", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_search_json_lines_carry_article_category_date_and_current(law_index: Path) -> None:
    proc = run(
        "search", "数据安全法第二十一条", "--json", "--limit", "3", "--index", str(law_index)
    )
    assert proc.returncode == 0, proc.stderr
    first = json.loads(proc.stdout.splitlines()[0])
    assert first["article"] == "第二十一条"
    assert first["doc_category"] == "法律/行政法"
    assert first["doc_date"] == "2021-06-10"
    assert first["current"] is True
    seed = json.loads(
        run("search", "數字政府", "--json", "--limit", "1", "--index", str(law_index)).stdout
    )
    assert seed["article"] is None and seed["doc_category"] is None
    old = run(
        "search",
        "保守国家秘密",
        "--json",
        "--all-versions",
        "--limit",
        "200",
        "--index",
        str(law_index),
    )
    assert any(json.loads(line)["current"] is False for line in old.stdout.splitlines())


def test_outline_command(law_index: Path) -> None:
    proc = run("outline", DATA_LAW, "--index", str(law_index), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["doc_id"] == DATA_LAW
    assert data["title"] == "中华人民共和国数据安全法"
    assert data["category"] == "法律/行政法"
    assert (data["version_date"], data["effective_date"]) == ("2021-06-10", "2021-09-01")
    assert data["events"][0]["action"] == "通过"
    kinds = [row["kind"] for row in data["outline"]]
    assert kinds.count("chapter") == 7 and kinds.count("article") == 55
    assert {row["level"] for row in data["outline"] if row["kind"] == "article"} == {2}
    assert all(row["block_id"] for row in data["outline"])
    secret = json.loads(
        run(
            "outline", "laws/行政法/保守国家秘密法(2010-04-29)", "--index", str(law_index), "--json"
        ).stdout
    )
    assert secret["current"] is False
    assert [v["version_date"] for v in secret["versions"]] == ["2024-02-27", "2010-04-29"]
    missing = run("outline", "no/such", "--index", str(law_index), "--json")
    assert missing.returncode == 1 and "no/such" in missing.stderr and not missing.stdout


# -- the whole library against a brute-force oracle ------------------------------------


@pytest.fixture(scope="module")
def full_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return library_index(tmp_path_factory.mktemp("full"))


@pytest.mark.slow
def test_recall_and_precision_on_the_real_library(full_index: Path) -> None:
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    corpus = bundled_corpus()
    texts: list[str] = []
    current: list[bool] = []
    for doc in corpus.documents:
        for block in doc.blocks:
            texts.append(fold_text(block.text))
            current.append(doc.current)
    originals = [b.text for doc in corpus.documents for b in doc.blocks]
    rng = random.Random(10)
    queries: list[str] = []
    while len(queries) < 400:
        i = rng.randrange(len(originals))
        text = originals[i]
        if len(text) < 12:
            continue
        start = rng.randrange(len(text) - 8)
        fragment = text[start : start + rng.randint(2, 8)].strip()
        if not fragment or any(ch in fragment for ch in ' "“”') or fragment.startswith("-"):
            continue
        kind = len(queries) % 4
        if kind == 1:
            fragment = to_traditional.convert(fragment)
        elif kind == 2:
            other = text[: rng.randint(2, 4)].strip()
            if not other or any(ch in other for ch in ' "“”-'):
                continue
            fragment = f"{fragment} {other}"
        elif kind == 3:
            fragment = f"{fragment} -的"
        queries.append(fragment)
    containing: dict[str, set[int]] = {}

    def blocks_with(term: str) -> set[int]:
        """The blocks whose folded text holds ``term``: a scan of every block."""
        if term not in containing:
            containing[term] = {i for i, text in enumerate(texts) if term in text}
        return containing[term]

    named = 0
    with IndexSearcher(full_index) as searcher:
        names = searcher._document_names(False)
        for query in queries:
            if interpret(query, names) is not None:
                named += 1  # answered at document level, not as substrings
                continue
            parsed = parse_query(query)
            clauses = [[t.folded for t in clause] for clause in parsed.clauses]
            excluded = [t.folded for t in parsed.excluded]
            # every block with a term of each clause and none excluded; then the current ones
            every = set(range(len(texts)))
            for clause in clauses:
                every &= set().union(*(blocks_with(term) for term in clause))
            for term in excluded:
                every -= blocks_with(term)
            expected = {i for i in every if current[i]}
            assert set(searcher.match_docnums(query)) == expected, query
            assert searcher.search(query).total == len(expected), query
            assert set(searcher.match_docnums(query, all_versions=True)) == every, query
    assert named < len(queries) // 20


@given(st.text(alphabet=st.sampled_from('第二十一条之款 21数据安全法《》-"OR '), max_size=30))
def test_any_query_text_is_read_without_error(query: str) -> None:
    reference, rest = split_article_reference(query)
    if reference is not None:
        assert reference.number > 0 and reference.label.startswith("第")
        assert len(rest) <= len(query)
    names = {name: ("d",) for name in document_names("中华人民共和国数据安全法")}
    named = interpret(query, names)
    assert named is None or named.doc_ids == ("d",)
