"""A deterministic synthetic corpus shaped like the real gov.cn captures.

Each document is written as a capture ``.txt`` file (page chrome, title, a
``date time 來源: source`` line, 一、/（一）/一是 outline, paragraphs, a byline and an
editor line), so :func:`index.corpus.load_corpus` parses it exactly as it parses the
real ones.  The text is Traditional Chinese: words are drawn with Zipf-like
frequencies from the word-frequency list that ships with ``jieba`` (converted with
OpenCC ``s2t``), mixed with sentences of the seed document, numbers and a little
Latin.  Without ``jieba`` the vocabulary falls back to the seed's own two- to
four-character strings, weighted by rank, so the generator still works (the text is
then less varied).

Documents are generated one by one from ``(seed, number)``, so the first ``N``
documents of a larger corpus are the corpus of size ``N``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "GENERATOR_VERSION",
    "SEED_FILE",
    "Vocabulary",
    "corpus_dir_for",
    "ensure_corpus",
    "generate_document",
    "load_vocabulary",
]

# Bump whenever the generated text changes for any (seed, number): caches record it.
GENERATOR_VERSION = 2
DEFAULT_SEED = 20260601
MEAN_DOC_CHARS = 8000
SEED_FILE = (
    Path(__file__).resolve().parents[2] / "resources" / "corpus" / "000_1d295d036ad38628.txt"
)
_VOCABULARY_SIZE = 60_000

_SOURCES = (
    "國務院辦公廳",
    "新華社",
    "人民網",
    "人民日報",
    "國家發展改革委",
    "財政部",
    "工業和信息化部",
    "教育部",
    "科技部",
    "生態環境部",
    "廣東省人民政府",
    "浙江省人民政府",
    "中國政府網",
    "光明日報",
    "經濟日報",
)
_TITLE_TAILS = (
    "的通知",
    "的指導意見",
    "的實施意見",
    "實施方案",
    "行動計劃",
    "工作要點",
    "的若干措施",
    "解讀",
    "管理辦法",
    "發展規劃",
)
_TITLE_HEADS = ("關於", "關於進一步", "關於加快", "關於推進", "關於加強", "")
_HEADING_WORDS = (
    "總體要求",
    "主要目標",
    "重點任務",
    "保障措施",
    "組織實施",
    "基本原則",
    "工作機制",
    "深化改革",
    "加強監管",
    "優化服務",
)
_NUMERALS = "一二三四五六七八九十"
_SURNAMES = "王李張劉陳楊黃趙周吳徐孫馬朱胡郭何林羅高鄭梁謝宋唐許韓馮鄧曹彭曾蕭田董袁潘"
_GIVEN = "國華明建平志偉芳秀英軍強麗敏靜磊洋勇艷傑濤超霞輝剛玲桂"
_OFFICES = ("國務院", "省政府", "市政府", "發展改革委", "財政廳", "教育廳", "科技廳")
_POSTS = ("副省長", "秘書長", "主任", "廳長", "副主任", "黨組書記")
_LATIN = ("5G", "GDP", "AI", "APP", "12345", "2.0", "PPP", "ETC", "CPI", "IPv6")


@dataclass(frozen=True)
class Vocabulary:
    """Traditional Chinese words and their cumulative Zipf-like weights."""

    words: tuple[str, ...]
    cum_weights: tuple[float, ...]
    seed_sentences: tuple[str, ...]
    source: str

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum_weights, k=count)


def _seed_sentences() -> tuple[str, ...]:
    from index.parsing import parse_capture

    doc = parse_capture(SEED_FILE.read_text("utf-8"), "seed")
    sentences: list[str] = []
    for block in doc.blocks[1:-1]:
        for part in re.split(r"(?<=[。；！？])", block.text):
            part = part.strip()
            if 8 <= len(part) <= 160 and not part.startswith(("一、", "(", "（")):
                sentences.append(part)
    return tuple(sentences)


def _jieba_words() -> list[tuple[str, float]] | None:
    try:
        import jieba
    except ImportError:
        return None
    path = Path(jieba.__file__).with_name("dict.txt")
    if not path.is_file():
        return None
    han = re.compile(r"^[\u4e00-\u9fff]{1,4}$")
    words: list[tuple[str, float]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and han.match(parts[0]) and parts[1].isdigit():
                words.append((parts[0], float(parts[1])))
    words.sort(key=lambda item: (-item[1], item[0]))
    return words[:_VOCABULARY_SIZE]


def _seed_words(sentences: tuple[str, ...]) -> list[tuple[str, float]]:
    counts: Counter[str] = Counter()
    for sentence in sentences:
        for size in (2, 3, 4):
            for i in range(len(sentence) - size + 1):
                piece = sentence[i : i + size]
                if all("\u4e00" <= ch <= "\u9fff" for ch in piece):
                    counts[piece] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:5000]
    return [(word, 1000.0 / rank) for rank, (word, _) in enumerate(ranked, start=1)]


@functools.cache
def load_vocabulary() -> Vocabulary:
    import opencc

    sentences = _seed_sentences()
    words = _jieba_words()
    source = "jieba dict.txt"
    if words is None:
        words, source = _seed_words(sentences), "seed n-grams"
    converter = opencc.OpenCC("s2t")
    # One word per line: s2t converts each word on its own.
    traditional = converter.convert("\n".join(w for w, _ in words)).split("\n")
    cumulative: list[float] = []
    total = 0.0
    for _, weight in words:
        total += weight
        cumulative.append(total)
    return Vocabulary(tuple(traditional), tuple(cumulative), sentences, source)


def _sentence(rng: random.Random, vocab: Vocabulary) -> str:
    roll = rng.random()
    if roll < 0.04 and vocab.seed_sentences:
        return rng.choice(vocab.seed_sentences)
    words = vocab.draw(rng, rng.randint(6, 22))
    if roll < 0.22:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2000, 2035)}年")
    elif roll < 0.27:
        words.insert(rng.randrange(len(words)), rng.choice(_LATIN))
    elif roll < 0.32:
        words.insert(rng.randrange(len(words)), f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%")
    # Clauses separated by commas and enumeration marks, like the real prose.
    out: list[str] = []
    for i, word in enumerate(words):
        out.append(word)
        if i + 1 < len(words) and rng.random() < 0.12:
            out.append("，" if rng.random() < 0.7 else "、")
    return "".join(out) + ("。" if rng.random() < 0.9 else "；")


def _paragraph(rng: random.Random, vocab: Vocabulary, sentences: int) -> str:
    return "".join(_sentence(rng, vocab) for _ in range(sentences))


def _title(rng: random.Random, vocab: Vocabulary) -> str:
    middle = "".join(vocab.draw(rng, rng.randint(2, 4)))
    return rng.choice(_TITLE_HEADS) + middle + rng.choice(_TITLE_TAILS)


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.randint(1, 2)))


def generate_document(seed: int, number: int) -> str:
    """The text of document ``number`` as a gov.cn capture."""
    vocab = load_vocabulary()
    rng = random.Random(f"{seed}:{number}:{GENERATOR_VERSION}")
    target = int(rng.triangular(2500, 16000, MEAN_DOC_CHARS - 1500))
    year = rng.randint(2005, 2025)
    lines = [
        "EN",
        "https://www.gov.cn/",
        "",
        _title(rng, vocab),
        "",
        f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
        f"{rng.randint(8, 20):02d}:{rng.randint(0, 59):02d} 來源: {rng.choice(_SOURCES)}",
        "字號:默認 超大 | 打印 |",
        "",
    ]
    size = 0

    def add(text: str) -> None:
        nonlocal size
        lines.extend((text, ""))
        size += len(text)

    add(_paragraph(rng, vocab, rng.randint(2, 5)))
    level1 = 0
    while size < target:
        heading = rng.choice(_HEADING_WORDS) + "".join(vocab.draw(rng, rng.randint(0, 2)))
        add(f"{_NUMERALS[level1 % 10]}、{heading}")
        level1 += 1
        for _ in range(rng.randint(1, 3)):
            add(_paragraph(rng, vocab, rng.randint(2, 6)))
        for sub in range(rng.randint(0, 4)):
            add(f"（{_NUMERALS[sub]}）" + "".join(vocab.draw(rng, rng.randint(2, 4))))
            for item in range(rng.randint(0, 4)):
                lead = "".join(vocab.draw(rng, rng.randint(3, 6)))
                add(f"{_NUMERALS[item]}是{lead}。" + _paragraph(rng, vocab, rng.randint(1, 4)))
            for _ in range(rng.randint(1, 2)):
                add(_paragraph(rng, vocab, rng.randint(2, 6)))
            if size >= target:
                break
    add(f"（{rng.choice(_OFFICES)}{rng.choice(_POSTS)} {_person(rng)}）")
    lines.extend((f"【我要糾錯】責任編輯:{_person(rng)}", "掃一掃在手機打開當前頁", ""))
    return "\n".join(lines)


def corpus_dir_for(root: Path, docs: int, seed: int = DEFAULT_SEED) -> Path:
    return root / f"corpus-v{GENERATOR_VERSION}-s{seed}-n{docs}"


def generated_once(
    target: Path, expected: Mapping[str, object], pattern: str, write: Callable[[Path], None]
) -> Path:
    """``target`` as ``write`` fills it, unless a stamp says it already holds ``expected``.

    Files matching ``pattern`` (recursively) left by an earlier, different or unfinished
    generation are removed first; the stamp is written last, so an interrupted run starts over.
    """
    stamp = target / ".complete.json"
    if stamp.is_file():
        try:
            if json.loads(stamp.read_text("utf-8")) == expected:
                return target
        except ValueError:
            pass
    target.mkdir(parents=True, exist_ok=True)
    for old in target.rglob(pattern):
        old.unlink()
    write(target)
    stamp.write_text(json.dumps(expected), "utf-8")
    return target


def ensure_corpus(root: Path, docs: int, seed: int = DEFAULT_SEED) -> Path:
    """The corpus of ``docs`` documents under ``root``, generated once and then reused."""

    def write(target: Path) -> None:
        for number in range(docs):
            text = generate_document(seed, number)
            digest = hashlib.sha1(text.encode()).hexdigest()[:16]
            (target / f"{number:05d}_{digest}.txt").write_text(text, "utf-8")

    vocab_source = load_vocabulary().source
    expected = {"version": GENERATOR_VERSION, "seed": seed, "docs": docs, "vocab": vocab_source}
    return generated_once(corpus_dir_for(root, docs, seed), expected, "*.txt", write)
