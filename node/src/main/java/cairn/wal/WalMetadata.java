package cairn.wal;

/** Who wrote a WAL: the member id and the cluster id. Stored in every segment. */
public record WalMetadata(long nodeId, long clusterId) {}
