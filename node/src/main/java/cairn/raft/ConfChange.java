package cairn.raft;

import cairn.util.Check;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A membership change proposed through the log as a {@link EntryType#CONF_CHANGE} entry. The
 * context is opaque to Raft (the server puts the member's URLs there).
 */
public record ConfChange(ConfChangeType type, long nodeId, byte[] context) {

  public ConfChange {
    Check.argument(type != null, "conf change type is null");
    Check.argument(nodeId > 0, "conf change node id %d <= 0", nodeId);
    context = context == null ? new byte[0] : context;
  }

  public static ConfChange addNode(long id) {
    return new ConfChange(ConfChangeType.ADD_NODE, id, null);
  }

  public static ConfChange removeNode(long id) {
    return new ConfChange(ConfChangeType.REMOVE_NODE, id, null);
  }

  /** The entry data: one type byte, the node id, then the context. */
  public byte[] encode() {
    return ByteBuffer.allocate(9 + context.length)
        .put((byte) type.ordinal())
        .putLong(nodeId)
        .put(context)
        .array();
  }

  public static ConfChange decode(byte[] data) {
    Check.argument(data.length >= 9, "conf change data of %d bytes is too short", data.length);
    ByteBuffer b = ByteBuffer.wrap(data);
    int t = b.get();
    Check.argument(t >= 0 && t < ConfChangeType.values().length, "unknown conf change type %d", t);
    long id = b.getLong();
    return new ConfChange(ConfChangeType.values()[t], id, Arrays.copyOfRange(data, 9, data.length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfChange c
        && c.type == type
        && c.nodeId == nodeId
        && Arrays.equals(c.context, context);
  }

  @Override
  public int hashCode() {
    return (type.hashCode() * 31 + Long.hashCode(nodeId)) * 31 + Arrays.hashCode(context);
  }

  @Override
  public String toString() {
    return "ConfChange[" + type + " " + nodeId + "]";
  }
}
