"""packager's paragraph classifier as it was before issue 16 (item 3), frozen.

Copies of packager/quality/{signals,appeals,model,classify}.py at commit d487888, with
their imports pointed here. The current classifier must give the same kinds and flags
(tests/quality/test_classify_identity.py); benchmarks/bench_hot_paths.py times both.
"""
