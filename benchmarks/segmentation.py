"""Segmentation throughput: rjieba (jieba-rs) vs jieba, with the domain dictionary.

Usage: .venv/bin/python benchmarks/segmentation.py [--chars 300000] [--repeat 3]

Generates deterministic Chinese text (common words, domain terms from
search/dictionary.txt, numbers, punctuation), then reports, per engine, the best of
``--repeat`` runs for the raw engine calls (precise ``cut`` and ``cut_for_search``) and
for our pipeline (``tokens_for_index``, ``segmented``), in tokens/s and chars/s, plus
whether both engines produced the same tokens.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from search.segmentation import Segmenter, dictionary_terms, normalize  # noqa: E402

COMMON = (
    "政协 委员 协商 建议 工作 推进 开展 全面 加强 提升 质量 发展 乡村 振兴 民生 群众 "
    "基层 组织 活动 调研 报告 会议 主席 常委 提案 办理 落实 机制 平台 履职 能力 服务 "
    "经济 社会 文化 生态 教育 医疗 就业 产业 企业 农业 城市 县区 全市 全省 年度 计划 "
    "专项 行动 品牌 建设 实践 探索 经验 交流 成果 转化 问题 解决 做法 成效 明显 突出 "
    "围绕 聚焦 中心 大局 团结 民主 共识 凝聚 智慧 力量 高质量 现代化 新时代 习近平"
).split()
PUNCT = "，，，。、；：！？“”"


def generate(chars: int, seed: int = 20240601) -> str:
    rng = random.Random(seed)
    terms = list(dictionary_terms())
    out: list[str] = []
    size = 0
    while size < chars:
        r = rng.random()
        if r < 0.12:
            w = rng.choice(terms)
        elif r < 0.15:
            w = str(rng.randint(1, 2030))
        else:
            w = rng.choice(COMMON)
        out.append(w)
        size += len(w)
        if rng.random() < 0.15:
            out.append(rng.choice(PUNCT))
            size += 1
    return "".join(out)[:chars]


def bench(fn, docs, repeat):
    best = float("inf")
    ntok = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        ntok = 0
        for d in docs:
            r = fn(d)
            ntok += len(r) if isinstance(r, list) else r.count(" ") + 1
        best = min(best, time.perf_counter() - t0)
    return ntok, best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chars", type=int, default=300_000)
    ap.add_argument("--doc-chars", type=int, default=3_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    text = generate(args.chars)
    docs = [text[i : i + args.doc_chars] for i in range(0, len(text), args.doc_chars)]
    nchars = sum(len(d) for d in docs)
    print(f"text: {nchars} chars in {len(docs)} documents of {args.doc_chars} chars; "
          f"best of {args.repeat}")
    results = {}
    for engine in ("rjieba", "jieba"):
        t0 = time.perf_counter()
        seg = Segmenter(engine)
        load = time.perf_counter() - t0
        norm_docs = [normalize(d) for d in docs]
        rows = {
            "cut (precise)": lambda d, s=seg: s._cut(d),
            "cut_for_search": lambda d, s=seg: s._cut_for_search(d),
            "tokens_for_index": seg.tokens_for_index,
            "segmented": seg.segmented,
        }
        print(f"\n{engine}: loaded with dictionary in {load:.2f}s")
        for name, fn in rows.items():
            inputs = norm_docs if name.startswith("cut") else docs
            ntok, secs = bench(fn, inputs, args.repeat)
            results[(engine, name)] = secs
            print(f"  {name:<17} {ntok / secs:>12,.0f} tokens/s {nchars / secs:>12,.0f} chars/s"
                  f"  ({secs * 1000:.1f} ms)")
        results[(engine, "tokens")] = [seg.tokens_for_index(d) for d in docs]
    print()
    for name in ("cut (precise)", "cut_for_search", "tokens_for_index", "segmented"):
        print(f"speed-up rjieba vs jieba, {name:<17}: "
              f"{results[('jieba', name)] / results[('rjieba', name)]:.1f}x")
    a, b = results[("rjieba", "tokens")], results[("jieba", "tokens")]
    same = sum(x == y for x, y in zip(a, b))
    print(f"identical tokens_for_index output: {same}/{len(a)} documents")


if __name__ == "__main__":
    main()
