package cairn.wal;

/**
 * Little-endian integers read straight from a byte array. A restart decodes every record of the
 * segment that holds its snapshot (100,000 in the bench) before the JIT has compiled anything, and
 * a ByteBuffer read is a chain of a dozen calls in the interpreter where these are a few bytecodes.
 */
final class LittleEndian {

  private LittleEndian() {}

  static int int32(byte[] bytes, int at) {
    return (bytes[at] & 0xff)
        | (bytes[at + 1] & 0xff) << 8
        | (bytes[at + 2] & 0xff) << 16
        | (bytes[at + 3] & 0xff) << 24;
  }

  static long int64(byte[] bytes, int at) {
    return (int32(bytes, at) & 0xffffffffL) | (long) int32(bytes, at + 4) << 32;
  }
}
