"""What journeygen computes: metrics, comparison, checks, changes, evaluation, evidence."""
