/**
 * The write-ahead log under Raft: checksummed, chained records in preallocated segments, group
 * commit, torn-tail repair. May import cairn.io, cairn.util and the record types of cairn.raft.
 */
package cairn.wal;
