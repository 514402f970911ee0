package cairn.raft;

import java.util.List;

/**
 * One batch of work for the caller, in this order: persist {@code hardState} (unless empty), the
 * {@code snapshot} (unless empty) and {@code entries}; then send {@code messages}; then apply the
 * snapshot and {@code committedEntries}; hand {@code readStates} to waiting reads; then call {@link
 * RawNode#advance}. Messages must not leave before the state they depend on is durable: a vote or
 * an acknowledgement promises that the state is on disk. Committed entries may be applied before
 * the write when they are on this member's disk already, or on the disks of a majority without it
 * ({@link RaftDriver} says when).
 */
public record Ready(
    SoftState softState,
    HardState hardState,
    List<Entry> entries,
    Snapshot snapshot,
    List<Entry> committedEntries,
    List<Message> messages,
    List<ReadState> readStates) {

  /** Null when the soft state did not change since the previous Ready. */
  public boolean hasSoftState() {
    return softState != null;
  }

  /** False when the hard state did not change (then it is {@link HardState#EMPTY}). */
  public boolean hasHardState() {
    return !hardState.isEmpty();
  }
}
