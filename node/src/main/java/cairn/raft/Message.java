package cairn.raft;

import cairn.util.Check;
import java.util.Collections;
import java.util.List;

/**
 * One Raft message, immutable. Fields a type does not use are zero, empty or {@link
 * Snapshot#EMPTY}. The field meanings follow etcd's raftpb.Message: {@code index}/{@code logTerm}
 * are the log position a message refers to (the entry before {@code entries} for APP, the
 * candidate's last entry for votes, the acknowledged or rejected index for APP_RESP), {@code
 * rejectHint} is the follower's suggestion where the leader should probe next.
 *
 * <p>The entries list and context array are owned by the message and never changed after it is
 * built (not copied, because messages are on the hot path).
 */
public record Message(
    MessageType type,
    long to,
    long from,
    long term,
    long logTerm,
    long index,
    List<Entry> entries,
    long commit,
    Snapshot snapshot,
    boolean reject,
    long rejectHint,
    byte[] context) {

  private static final byte[] NO_CONTEXT = new byte[0];

  public Message {
    Check.argument(type != null, "message type is null");
    Check.argument(term >= 0 && index >= 0 && commit >= 0, "negative term, index or commit");
    entries = entries == null ? List.of() : entries;
    snapshot = snapshot == null ? Snapshot.EMPTY : snapshot;
    context = context == null ? NO_CONTEXT : context;
  }

  public static Builder builder(MessageType type) {
    return new Builder(type);
  }

  public Builder toBuilder() {
    return new Builder(type)
        .to(to)
        .from(from)
        .term(term)
        .logTerm(logTerm)
        .index(index)
        .entries(entries)
        .commit(commit)
        .snapshot(snapshot)
        .reject(reject)
        .rejectHint(rejectHint)
        .context(context);
  }

  @Override
  public String toString() {
    StringBuilder b =
        new StringBuilder().append(type).append(' ').append(from).append("->").append(to);
    b.append(" t").append(term).append(" lt").append(logTerm).append(" i").append(index);
    b.append(" c").append(commit);
    if (!entries.isEmpty()) {
      b.append(" ents[").append(entries.get(0).index()).append("..");
      b.append(entries.get(entries.size() - 1).index()).append(']');
    }
    if (reject) {
      b.append(" reject hint=").append(rejectHint);
    }
    if (!snapshot.isEmpty()) {
      b.append(' ').append(snapshot.metadata());
    }
    return b.toString();
  }

  /** Builds a message; unset numbers are zero. */
  public static final class Builder {
    private final MessageType type;
    private long to;
    private long from;
    private long term;
    private long logTerm;
    private long index;
    private List<Entry> entries = List.of();
    private long commit;
    private Snapshot snapshot = Snapshot.EMPTY;
    private boolean reject;
    private long rejectHint;
    private byte[] context = NO_CONTEXT;

    private Builder(MessageType type) {
      this.type = type;
    }

    public MessageType type() {
      return type;
    }

    public long from() {
      return from;
    }

    public long term() {
      return term;
    }

    public Builder to(long v) {
      to = v;
      return this;
    }

    public Builder from(long v) {
      from = v;
      return this;
    }

    public Builder term(long v) {
      term = v;
      return this;
    }

    public Builder logTerm(long v) {
      logTerm = v;
      return this;
    }

    public Builder index(long v) {
      index = v;
      return this;
    }

    public Builder entries(List<Entry> v) {
      entries = Collections.unmodifiableList(v);
      return this;
    }

    public Builder commit(long v) {
      commit = v;
      return this;
    }

    public Builder snapshot(Snapshot v) {
      snapshot = v;
      return this;
    }

    public Builder reject(boolean v) {
      reject = v;
      return this;
    }

    public Builder rejectHint(long v) {
      rejectHint = v;
      return this;
    }

    public Builder context(byte[] v) {
      context = v;
      return this;
    }

    public Message build() {
      return new Message(
          type,
          to,
          from,
          term,
          logTerm,
          index,
          entries,
          commit,
          snapshot,
          reject,
          rejectHint,
          context);
    }
  }
}
