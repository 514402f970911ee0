/**
 * A client library for the etcd v2 API on okhttp, with its own small JSON reader and, for
 * short-lived processes, a plain-socket transport (both for fast start-up): {@link
 * cairn.client.EtcdClient}. Knows nothing of the node.
 */
package cairn.client;
