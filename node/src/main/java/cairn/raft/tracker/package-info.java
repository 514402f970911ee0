/**
 * The leader's view of each follower: {@link cairn.raft.tracker.Progress} (probe, replicate and
 * snapshot states) with its {@link cairn.raft.tracker.Inflights} window, and the tracker holding
 * them with the votes. Imports cairn.util, cairn.raft and cairn.raft.quorum.
 */
package cairn.raft.tracker;
