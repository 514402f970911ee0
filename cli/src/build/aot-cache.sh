#!/bin/sh
# Build step: writes the JDK 25+ AOT caches for cairn.jar (the launchers use them to start faster),
# from training runs of typical ctl commands and of a node start. Skipped, with a note, when no
# JDK 25+ is found.
#   aot-cache.sh <cairn.jar> <cache file>
set -eu
jar=$1
cache=$2
rm -f "$cache"
best=
best_major=0
for home in ${JAVA_HOME:-} /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk*; do
  [ -n "$home" ] && [ -x "$home/bin/java" ] && [ -r "$home/release" ] || continue
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  if [ "${major:-0}" -gt "$best_major" ]; then
    best_major=$major
    best=$home
  fi
done
if [ "$best_major" -lt 25 ]; then
  echo "aot-cache: no JDK 25 or newer found; the launchers will start without an AOT cache"
  exit 0
fi
# The same options as the launcher's ctl path (bin/ctl-jvm-options.sh), so the cache matches the
# runs that use it. The cache holds linked classes but no method profiles (-AOTRecordTraining):
# replaying the training's compilations at start-up saved nothing in a one-request etcdctl (65
# against 69 ms in one interleaved run, equal in another) and the cache is smaller.
. "$(dirname "$0")/../../../bin/ctl-jvm-options.sh"
# shellcheck disable=SC2086 # a list of options
"$best/bin/java" -XX:AOTCacheOutput="$cache" $ctl_opts \
  -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining \
  -Xlog:aot=error -Xlog:cds=error -cp "$jar" cairn.cli.AotTraining
echo "aot-cache: wrote $cache with $best (Java $best_major)"
# The node's cache, beside it, trained with the launcher's options that change which classes a
# node loads (bin/node-jvm-options.sh; a cache written without them is refused or misses classes).
node_cache=${cache%.aot}-node.aot
rm -f "$node_cache"
java_major=$best_major
. "$(dirname "$0")/../../../bin/node-jvm-options.sh"
# shellcheck disable=SC2086 # a list of options
"$best/bin/java" -XX:AOTCacheOutput="$node_cache" $node_class_opts \
  -Xlog:aot=error -Xlog:cds=error -cp "$jar" cairn.node.NodeTraining
echo "aot-cache: wrote $node_cache with $best (Java $best_major)"
