/**
 * A client library for the etcd v2 API on okhttp and Jackson (streaming only, for fast start-up):
 * {@link cairn.client.EtcdClient}. Knows nothing of the node.
 */
package cairn.client;
