"""Status reports from the fixed template (§7.1): figures (pure), timeline, rendering."""
