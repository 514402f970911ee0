package cairn.raft;

/** Volatile state worth reporting but never persisted: who leads (0: unknown) and our role. */
public record SoftState(long lead, StateType state) {

  // Written out for the reason HardState's are: the record's own spin classes at the first call.

  @Override
  public boolean equals(Object o) {
    return o instanceof SoftState s && lead == s.lead && state == s.state;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(lead) * 31 + state.hashCode();
  }
}
