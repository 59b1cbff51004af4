"""Measuring and test tooling, in no image: the benchmark (bench/), the evaluation (evaluation/), the cluster test
(cluster/), the real servers the tests and the measurements start on loopback (servers.py), the replies grid."""
