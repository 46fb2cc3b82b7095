"""Templates of the notices fengcun writes (a package so wheels carry the *.txt files)."""
