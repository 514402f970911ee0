package cairn.client;

/**
 * The conditions of a DELETE on the key space. Null or 0 fields are not sent.
 *
 * @param dir the target may be an (empty) directory
 * @param recursive delete a directory and everything under it
 * @param prevValue compare-and-delete on the current value
 * @param prevIndex compare-and-delete on the current modified index (0: none)
 */
public record DeleteOptions(boolean dir, boolean recursive, String prevValue, long prevIndex) {

  public static final DeleteOptions NONE = new DeleteOptions(false, false, null, 0);
}
