# Sourced, not run: by bin/cairn for the client (ctl), and by cli/src/build/aot-cache.sh for the
# client's AOT cache, which must be trained with the same options: a cache written with other
# options is refused or misses what the client loads. Sets $ctl_opts.

# The client is started often and briefly (scripts call etcdctl in loops); each of these measured
# faster for `etcdctl get`: the serial collector, no optimising compiler, no perf data file; core
# reflection through native accessors (the JDK's socket set-up reflects on an enum once, which
# otherwise spins a method-handle class at run time); jdk.includeInExceptions set to Java 25's
# default, as a system property, so that the first InetAddress does not load and parse the
# java.security file to read it.
ctl_opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData"
ctl_opts="$ctl_opts -Djdk.reflect.useNativeAccessorOnly=true"
ctl_opts="$ctl_opts -Djdk.includeInExceptions=hostInfoExclSocket"
