"""The province's network view (驾驶舱): per-committee status figures the committees push."""
