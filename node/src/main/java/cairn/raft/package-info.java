/**
 * Pure Raft consensus in the style of etcd's raft: ticks, messages and proposals go into a {@link
 * cairn.raft.RawNode}; a {@link cairn.raft.Ready} batch of work comes out. No threads, clocks,
 * sockets or files. {@link cairn.raft.RaftDriver} is the single-threaded loop around it. May import
 * only cairn.util, its own subpackages (quorum, tracker, confchange) and the JDK.
 */
package cairn.raft;
