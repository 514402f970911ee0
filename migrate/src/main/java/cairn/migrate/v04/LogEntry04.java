package cairn.migrate.v04;

import java.nio.charset.StandardCharsets;

/**
 * One entry of a 0.4 (goraft) log: its index, term, command name and JSON payload (empty for {@code
 * raft:nop}), and the byte offset of its header in the file.
 */
public record LogEntry04(long offset, long index, long term, String commandName, byte[] command) {

  public String commandText() {
    return new String(command, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LogEntry04 that
        && offset == that.offset
        && index == that.index
        && term == that.term
        && commandName.equals(that.commandName)
        && java.util.Arrays.equals(command, that.command);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(offset, index, term, commandName)
        + java.util.Arrays.hashCode(command);
  }

  @Override
  public String toString() {
    return "LogEntry04[" + index + "/" + term + " " + commandName + " @" + offset + "]";
  }
}
