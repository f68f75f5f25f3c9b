"""Tests of the managers' report figures and their tables."""
