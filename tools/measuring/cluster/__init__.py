"""Running several replicas: the atomic Redis lock store, the cluster test (issue 11)."""
