"""namecheck: a consistency checker for transliterated names."""
