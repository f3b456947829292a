"""Export: write checked records as Parquet shards and JSONL, plus the card and manifest."""
