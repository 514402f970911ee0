package cairn.raft;

import java.util.Map;

/**
 * What a node reports about itself; {@code progress} (leader only) describes each follower.
 *
 * @param leadTransferee the node leadership is being handed to, or 0
 */
public record Status(
    long id,
    HardState hardState,
    SoftState softState,
    long applied,
    long lastIndex,
    long leadTransferee,
    ConfState confState,
    Map<Long, String> progress) {}
