#!/bin/sh
# Runs the JMH benchmarks in node/src/test/java/cairn/bench (not part of the test suite).
#   node/jmh.sh                       every benchmark, JMH defaults
#   node/jmh.sh RaftThroughput -f 1   one benchmark class, one fork; any JMH argument works
#   node/jmh.sh --main CLASS ARGS...  a plain benchmark main (e.g. cairn.bench.WalBench)
set -eu
cd "$(dirname "$0")/.."
# One reactor build, so that the node's class path names the sibling modules' classes (pem, json)
# instead of looking for them, uninstalled, in the local repository.
mvn -B -q -pl node -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/jmh.classpath
main=org.openjdk.jmh.Main
if [ "${1:-}" = --main ]; then
  main=$2
  shift 2
fi
exec java -cp "node/target/test-classes:node/target/classes:$(cat node/target/jmh.classpath)" \
  "$main" "$@"
