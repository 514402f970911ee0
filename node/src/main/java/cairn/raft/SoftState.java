package cairn.raft;

/** Volatile state worth reporting but never persisted: who leads (0: unknown) and our role. */
public record SoftState(long lead, StateType state) {}
