"""Pure domain: definitions, subjects, events and rules. No I/O, no clock."""
