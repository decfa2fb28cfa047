"""Making many files at once: the plan, worker processes, chunks, fingerprints, atomic writes."""
