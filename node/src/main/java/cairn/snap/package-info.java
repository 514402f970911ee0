/**
 * Snapshot files with a CRC: atomic save, load of the newest valid one with fallback, purge. May
 * import cairn.io, cairn.util and the record types of cairn.raft.
 */
package cairn.snap;
