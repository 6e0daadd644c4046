"""Sample reports for `make run`, tests and benchmarks: the generator and the format renderers."""
