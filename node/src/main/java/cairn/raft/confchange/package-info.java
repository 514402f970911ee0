/**
 * Checks and applies one-node-at-a-time membership changes to a voter set. Imports cairn.raft's
 * value types and the JDK.
 */
package cairn.raft.confchange;
