/**
 * The `migrate` subcommand: reads an etcd 0.4 data directory and writes a Cairn data directory
 * through wal, snap and store.
 */
package cairn.migrate;
