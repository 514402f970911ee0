/**
 * Pure Raft consensus in the style of etcd's raft: messages and ticks in, a Ready batch of work
 * out. No threads, clocks, sockets or files. May import only cairn.util and the JDK.
 */
package cairn.raft;
