"""The judged query set for relevance (benchmarks/relevance.py prints nDCG@5 and MRR)."""
