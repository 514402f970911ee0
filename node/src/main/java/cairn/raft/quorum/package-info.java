/** Vote and commit counting for a majority of voters. Imports only the JDK. */
package cairn.raft.quorum;
