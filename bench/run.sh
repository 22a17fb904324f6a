#!/usr/bin/env bash
# Runs every benchmark against its baseline and writes BENCHMARKS.md at the repository root.
# Needs Java 17 and curl; takes about 10 minutes on 2 cores and ~1.1 GiB of free disk (the rest of the
# test files are sparse). Extra arguments go to the benchmark program, e.g. --only preflight,overhead,
# --runs 5, or --quick (tiny sizes, to check the harness). Not part of ./mvnw verify.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench -pl bench -am -DskipTests package
exec java -cp "bench/target/classes:bench/target/lib/*" io.sail4j.bench.BenchmarkMain \
    --out BENCHMARKS.md --command "bench/run.sh${*:+ $*}" "$@"
