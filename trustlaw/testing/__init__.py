"""Testing support: the examples runner, the pytest plugin and Hypothesis strategies."""
