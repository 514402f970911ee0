package cairn.wal;

/** The kinds of WAL record; the number is what is stored in a frame's type byte. */
public enum RecordType {
  /** First record of every segment: magic, format version, sequence number, first index. */
  SEGMENT_HEADER(1),
  /** The node and cluster ids; repeated at the start of every segment, always identical. */
  METADATA(2),
  /** A Raft log entry. The last record for an index wins and discards all entries after it. */
  ENTRY(3),
  /** Raft's hard state (term, vote, commit); the last one wins. */
  HARD_STATE(4),
  /** A marker that a snapshot file at (index, term) was made durable before this record. */
  SNAPSHOT(5);

  /** By code; read once, since {@code values()} copies the array on every call. */
  private static final RecordType[] BY_CODE = new RecordType[6];

  static {
    for (RecordType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  private final int code;

  RecordType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type with this code, or null if no type has it. */
  static RecordType of(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
