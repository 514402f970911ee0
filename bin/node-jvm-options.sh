# Sourced, not run: by bin/cairn for the node, and by cli/src/build/aot-cache.sh for the node's
# AOT cache, which must be trained with the same options: they change which classes a node loads,
# and a cache written without one of them is refused or misses what the node loads.
# Reads $java_major (17, 21, 25, ...); sets $node_class_opts.

# Netty loads its native epoll library (System.loadLibrary); Java 24+ warns on stderr about every
# such call from the class path unless native access is enabled for it. The jar's manifest enables
# it too (for a plain java -jar), but the AOT cache checks the command-line option ("Mismatched
# values for property jdk.module.enable.native.access").
node_class_opts="--enable-native-access=ALL-UNNAMED"
# Netty 4.2 uses sun.misc.Unsafe on Java 25 only if its memory access is allowed (Java 24 allows it
# but warns on stderr at the first use). Without Unsafe, Netty frees direct buffers through the
# foreign linker, whose set-up at start took ~0.3 s of CPU per member: a 3-member restart after
# 100,000 keys took 3.2-3.6 s with this option against 4.0-4.7 s without. Passed only to the
# releases measured with it, as later ones are to deny that access and then drop the option.
case $java_major in
  24 | 25) node_class_opts="$node_class_opts --sun-misc-unsafe-memory-access=allow" ;;
esac
# Netty's buffer allocator reports its chunks as JFR events, and the first allocation of a process
# set up JFR's whole event registry for that (class initialisation, lambdas spun): ~1 s on an event
# loop with three members starting on two cores, during which the peer streams could not come up.
# -Dio.netty.jfr.enabled=true in JAVA_OPTS brings the events back.
node_class_opts="$node_class_opts -Dio.netty.jfr.enabled=false"
# Core reflection through native accessors, as for the client: Netty's start reflects (it loads its
# epoll library through a helper class it calls reflectively, and looks up JDK internals), and the
# JDK's default accessors spin method-handle classes for each such call, at every start (the AOT
# cache cannot keep them): 18 classes generated while a member started, 6 with this option. The
# node reflects on no path a request takes.
node_class_opts="$node_class_opts -Djdk.reflect.useNativeAccessorOnly=true"
