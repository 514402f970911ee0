package cairn.client;

/**
 * The answer to a key-space request: the action, the node and the previous node (null when absent),
 * and the index headers ({@code X-Etcd-Index}, {@code X-Raft-Index}, {@code X-Raft-Term}; 0 when
 * absent).
 */
public record KeysResponse(
    String action, Node node, Node prevNode, long etcdIndex, long raftIndex, long raftTerm) {}
