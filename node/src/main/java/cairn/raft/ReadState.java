package cairn.raft;

/**
 * A released linearizable read: once the application has applied up to {@code index}, it may answer
 * the read identified by {@code context} from its state machine.
 */
public record ReadState(long index, byte[] context) {}
