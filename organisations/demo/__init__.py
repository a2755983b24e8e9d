"""Invented demo data: the seed_demo registry and a fast generator for benchmarks."""
