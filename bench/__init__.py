"""Benchmarks of Tolkportaal at the 2017 scale (1×) and ten times it (10×): `make bench`."""
