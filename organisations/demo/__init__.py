"""Invented demo data: the registry's part of seed_demo (`seed.seed`, declared as the app's
`demo_seeder`). The generator of many organisations for benchmarks is bench/generator.py."""
