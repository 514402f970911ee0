/**
 * The `node` subcommand: etcd 2.x flags and ETCD_* variables into a configuration, and the wiring
 * of a running node.
 */
package cairn.node;
